// The default playbook: every label of every framework has a strategy, complete in both languages.
import { describe, expect, test } from 'vitest';
import { DEFAULT_PLAYBOOK } from '../../src/engine/playbook/default';
import { CHANNELS, PRIORITIES } from '../../src/engine/playbook/types';
import { FRAMEWORKS, labelKeys } from '../../src/engine/frameworks';
import { defaultConfig } from '../../src/engine/config';
import { presetSegments, RFM_PRESETS } from '../../src/engine/playbook/presets';

const labels = FRAMEWORKS.flatMap((fw) => labelKeys(fw, defaultConfig()).map((k) => `${fw}.${k}`));
const presetLabels = RFM_PRESETS.flatMap((p) => presetSegments(p).map((s) => `rfm.${s.name}`));

describe('default playbook', () => {
  test.each([...new Set([...labels, ...presetLabels])])('%s has a strategy', (label) => expect(DEFAULT_PLAYBOOK.some((s) => s.labels.includes(label))).toBe(true));
  test.each(DEFAULT_PLAYBOOK.map((s) => [s.id, s] as const))('%s is complete in English and Chinese', (_id, s) => {
    for (const lang of ['en', 'zh'] as const) {
      expect(s.title[lang].trim()).not.toBe('');
      expect(s.kpi[lang].trim()).not.toBe('');
      expect(s.actions[lang].length).toBeGreaterThanOrEqual(2);
      expect(s.actions[lang].length).toBeLessThanOrEqual(4);
      expect(s.actions[lang].every((a) => a.trim() !== '')).toBe(true);
    }
    expect(s.actions.en.length).toBe(s.actions.zh.length);
    expect(/[\u4e00-\u9fff]/.test(s.title.zh)).toBe(true);
    expect(CHANNELS).toContain(s.channel);
    expect(PRIORITIES).toContain(s.priority);
    expect(s.source).not.toBe('');
  });
  test('ids are unique and every strategy is written for a real label', () => {
    expect(new Set(DEFAULT_PLAYBOOK.map((s) => s.id)).size).toBe(DEFAULT_PLAYBOOK.length);
    for (const s of DEFAULT_PLAYBOOK) for (const l of s.labels) expect([...labels, ...presetLabels]).toContain(l);
  });
});

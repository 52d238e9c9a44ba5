// Editing one language of a strategy marks the other as possibly out of date, until it is edited or confirmed.
import { describe, expect, test } from 'vitest';
import { confirmText, editText, playbookOf, docOf } from '../../src/engine/playbook/effective';
import { defaultConfig, parseConfig } from '../../src/engine/config';
import { configToFragment, fragmentToConfig } from '../../src/engine/config/link';
import type { Strategy } from '../../src/engine/playbook/types';

const s = playbookOf(defaultConfig()).find((x) => x.id === 'ladder.loyal')!;

describe('which language may be out of date', () => {
  test.each([
    ['an English title edit marks Chinese', s, 'en', { title: { ...s.title, en: 'VIP club' } }, 'zh'],
    ['a Chinese KPI edit marks English', s, 'zh', { kpi: { ...s.kpi, zh: '复购率' } }, 'en'],
    ['editing the marked language brings it up to date', { ...s, stale: 'zh' as const }, 'zh', { title: { ...s.title, zh: '会员俱乐部' } }, undefined],
    ['a second edit in the same language keeps the other marked', { ...s, stale: 'zh' as const }, 'en', { title: { ...s.title, en: 'VIP' } }, 'zh'],
    ['nothing to mark when the other language is empty', { ...s, title: { en: 'x', zh: '' }, actions: { en: [], zh: [] }, kpi: { en: '', zh: '' } }, 'en', { title: { en: 'y', zh: '' } }, undefined],
  ] as [string, Strategy, 'en' | 'zh', Partial<Strategy>, 'en' | 'zh' | undefined][])('%s', (_n, strategy, lang, patch, stale) => {
    expect(editText(strategy, lang, patch).stale).toBe(stale);
  });
  test('confirming clears the mark', () => {
    expect(confirmText({ ...s, stale: 'en' }).stale).toBeUndefined();
  });
});

test('the mark is kept in the config, and travels in a config link', () => {
  const c = defaultConfig();
  const edited = editText(s, 'en', { title: { ...s.title, en: 'VIP club' } });
  const next = parseConfig({ ...c, strategy: { ...c.strategy, playbook: { [s.id]: docOf(edited) } } });
  expect(next.ok).toBe(true);
  if (!next.ok) return;
  expect(playbookOf(next.config).find((x) => x.id === s.id)!.stale).toBe('zh');
  const back = fragmentToConfig(`#${configToFragment(next.config)}`);
  expect(back.ok && playbookOf(back.config).find((x) => x.id === s.id)!.stale).toBe('zh');
  expect(parseConfig({ ...c, strategy: { playbook: { [s.id]: { ...docOf(s), stale: 'fr' } } } })).toMatchObject({ ok: false, error: expect.stringContaining('stale') });
});

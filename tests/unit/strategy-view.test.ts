// How strategies and matrix cells read on the page (src/app/view/strategy.ts).
import { describe, expect, test } from 'vitest';
import { defaultConfig, parseConfig } from '../../src/engine/config';
import { playbookOf } from '../../src/engine/playbook/effective';
import { DICTS } from '../../src/app/i18n';
import { cellName, cellSentence, newStrategyId, playbookGroups, plainTitle, titleOf } from '../../src/app/view/strategy';

const withDoc = (playbook: object) => {
  const r = parseConfig({ version: 1, strategy: { playbook } });
  if (!r.ok) throw new Error(r.error);
  return playbookOf(r.config);
};

describe('strategy view', () => {
  const cases: [string, 'en' | 'zh', number, string, string | null, string][] = [
    ['English, with a strategy', 'en', 312, 'High value × At risk', 'Win-back call within 7 days', '312 High value × At risk customers get “Win-back call within 7 days”.'],
    ['Chinese, with a strategy', 'zh', 1234, '高价值 × 流失风险', '7 天内挽回回访', '1,234 位「高价值 × 流失风险」客户执行“7 天内挽回回访”。'],
    ['English, an empty cell', 'en', 5, 'Low value', null, '5 Low value customers have no strategy.'],
  ];
  test.each(cases)('sentence: %s', (_n, lang, n, name, title, expected) => expect(cellSentence(lang, DICTS[lang], n, name, title)).toBe(expected));

  test('cell names: row × column, or the row alone', () => {
    expect(cellName(DICTS.en, 'value', 'high', 'lifecycle', 'at_risk')).toBe('High value × At risk');
    expect(cellName(DICTS.zh, 'rfm', 'champions', 'none', 'all')).toBe('重要价值客户');
  });
  test('a missing translation falls back to the other language, flagged', () => {
    const p = withDoc({ 'custom.call': { title: { en: 'Anniversary call' }, channel: 'phone', priority: 'low' } });
    const s = p.find((x) => x.id === 'custom.call');
    expect(titleOf(s, 'zh')).toEqual({ text: 'Anniversary call', fallback: 'en' });
    expect(titleOf(s, 'en')).toEqual({ text: 'Anniversary call', fallback: null });
    expect(plainTitle(s, 'zh')).toBe('Anniversary call [EN]');
  });
  test('groups follow the frameworks, then the user\'s own; ids for new strategies do not collide', () => {
    const groups = playbookGroups(withDoc({ 'custom.strategy_1': { title: { en: 'x' }, channel: 'email', priority: 'low' } }));
    expect(groups.map((g) => g.key)).toEqual(['ladder', 'lifecycle', 'value', 'engagement', 'needs', 'satisfaction', 'nps', 'rfm', 'mine']);
    expect(groups.at(-1)!.entries.map((e) => e.id)).toEqual(['custom.strategy_1']);
    expect(newStrategyId(new Set(playbookOf(defaultConfig()).map((s) => s.id).concat('custom.strategy_1')))).toBe('custom.strategy_2');
  });
});

// The playbook in force: the built-in strategies, with the config's edits, additions and removals.
import type { Config } from '../config';
import { DEFAULT_PLAYBOOK } from './default';
import type { Bilingual, Strategy } from './types';

export type Lang = 'en' | 'zh';

/** A strategy of the playbook in force, and how it differs from the built-in one. */
export interface PlaybookEntry extends Strategy {
  origin: 'built_in' | 'edited' | 'added';
}

const BUILT_IN = new Map(DEFAULT_PLAYBOOK.map((s) => [s.id, s]));

export function isBuiltIn(id: string): boolean {
  return BUILT_IN.has(id);
}

/** Built-in strategies first, in their order, then the user's additions by id. Removed ones are left out. */
export function playbookOf(config: Pick<Config, 'strategy'>): PlaybookEntry[] {
  const edits = config.strategy.playbook;
  const out: PlaybookEntry[] = [];
  for (const s of DEFAULT_PLAYBOOK) {
    if (!(s.id in edits)) out.push({ ...s, origin: 'built_in' });
    else if (edits[s.id]) out.push({ ...s, ...normalise(edits[s.id]!), id: s.id, origin: 'edited' });
  }
  for (const id of Object.keys(edits).sort()) {
    const doc = edits[id];
    if (!BUILT_IN.has(id) && doc) out.push({ ...normalise(doc), id, labels: [], source: 'user', origin: 'added' });
  }
  return out;
}

export function strategyIds(config: Pick<Config, 'strategy'>): Set<string> {
  return new Set(playbookOf(config).map((s) => s.id));
}

type Doc = NonNullable<Config['strategy']['playbook'][string]>;

function normalise(doc: Doc): Omit<Strategy, 'id' | 'labels' | 'source'> {
  return {
    title: { en: doc.title.en ?? '', zh: doc.title.zh ?? '' },
    actions: { en: doc.actions.en ?? [], zh: doc.actions.zh ?? [] },
    kpi: { en: doc.kpi.en ?? '', zh: doc.kpi.zh ?? '' },
    channel: doc.channel,
    priority: doc.priority,
    ...(doc.stale ? { stale: doc.stale } : {}),
  };
}

/** The config document of a strategy (what an edit writes into strategy.playbook). */
export function docOf(s: Strategy): Doc {
  return { title: { ...s.title }, actions: { en: [...s.actions.en], zh: [...s.actions.zh] }, kpi: { ...s.kpi }, channel: s.channel, priority: s.priority, ...(s.stale ? { stale: s.stale } : {}) };
}

const otherLang = (lang: Lang): Lang => (lang === 'en' ? 'zh' : 'en');
const hasText = (s: Strategy, lang: Lang) => !!(s.title[lang].trim() || s.actions[lang].length || s.kpi[lang].trim());

/**
 * A text edit in one language: the other language's text (if it has any) may now be out of date; an edit of
 * the language marked out of date brings it up to date.
 */
export function editText(s: Strategy, lang: Lang, patch: Partial<Pick<Strategy, 'title' | 'actions' | 'kpi'>>): Strategy {
  const next: Strategy = { ...s, ...patch };
  delete next.stale;
  if (s.stale !== lang && hasText(s, otherLang(lang))) next.stale = otherLang(lang);
  return next;
}

/** The translation was checked: nothing is out of date. */
export function confirmText(s: Strategy): Strategy {
  const next = { ...s };
  delete next.stale;
  return next;
}

/**
 * Text in the wanted language; when it is missing there, the other language's text, flagged so the
 * page can show the fallback (the export writes it plainly).
 */
export function inLanguage(b: Bilingual, lang: Lang): { text: string; fallback: Lang | null } {
  const own = b[lang].trim();
  if (own) return { text: b[lang], fallback: null };
  const other: Lang = lang === 'en' ? 'zh' : 'en';
  return b[other].trim() ? { text: b[other], fallback: other } : { text: '', fallback: null };
}

export function actionsIn(s: Strategy, lang: Lang): { items: string[]; fallback: Lang | null } {
  const other: Lang = lang === 'en' ? 'zh' : 'en';
  const own = s.actions[lang].filter((a) => a.trim());
  if (own.length || !s.actions[other].some((a) => a.trim())) return { items: own, fallback: null };
  return { items: s.actions[other].filter((a) => a.trim()), fallback: other };
}

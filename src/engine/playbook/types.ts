// A strategy of the playbook (SPEC §4 "Strategy mapping"): what to do about the customers of a label.
export const CHANNELS = ['account_manager', 'phone', 'email', 'sms', 'app', 'social', 'ads', 'in_store', 'survey'] as const;
export type Channel = (typeof CHANNELS)[number];
export const PRIORITIES = ['high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface Bilingual<T = string> {
  en: T;
  zh: T;
}

export interface Strategy {
  /** Stable key: written in the export's strategy_key column, referenced by the matrix. */
  id: string;
  title: Bilingual;
  /** 2–4 concrete actions, in each language. */
  actions: Bilingual<string[]>;
  channel: Channel;
  priority: Priority;
  /** The number to watch to know it works. */
  kpi: Bilingual;
  /** The labels it was written for, as framework.label. */
  labels: string[];
  /** Where it comes from: a seed article of ../shared/seeds (by file), or CRM practice. */
  source: string;
  /** The language whose text may be out of date, because the other was edited after it. */
  stale?: 'en' | 'zh';
}

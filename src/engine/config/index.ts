// Parsing a config document: all or nothing, with the first broken field named.
import { configSchema, type Config } from './schema';

export type { Config, ConfigInput, SegmentRule, RfmCuts, StrategyDoc } from './schema';

export type ConfigResult = { ok: true; config: Config } | { ok: false; error: string };

export function parseConfig(doc: unknown): ConfigResult {
  const r = configSchema.safeParse(doc);
  if (r.success) return { ok: true, config: r.data };
  const issue = firstIssue(r.error.issues as Issue[]);
  const field = issue.path.length ? issue.path.join('.') : 'config';
  return { ok: false, error: `${field} ${describe(issue)}` };
}

type Issue = { code: string; path: PropertyKey[]; message: string; minimum?: number | bigint; maximum?: number | bigint; format?: string; expected?: string; params?: { other?: string; relation?: 'lt' | 'le' | 'sum' } };

/** The first issue; a field over several limits (an int past 2^53 is also past its own maximum) told the tightest. */
function firstIssue(issues: Issue[]): Issue {
  const first = issues[0];
  const same = issues.filter((i) => i.path.join('.') === first.path.join('.') && i.code === first.code);
  if (first.code === 'too_big') return same.reduce((a, b) => (Number(b.maximum) < Number(a.maximum) ? b : a));
  if (first.code === 'too_small') return same.reduce((a, b) => (Number(b.minimum) > Number(a.minimum) ? b : a));
  return first;
}

/** The first problem of a document, as data: which field, and the limit or the other field of its rule. */
export type ConfigIssue = {
  field: string;
  /** Its own range (with the limit), a whole number wanted, an ordering with another field, or anything else. */
  kind: 'too_small' | 'too_big' | 'not_integer' | 'order' | 'other';
  limit?: number;
  other?: string;
  relation?: 'lt' | 'le' | 'sum';
  message: string;
};

export function configIssue(doc: unknown): ConfigIssue | null {
  const r = configSchema.safeParse(doc);
  if (r.success) return null;
  const issue = firstIssue(r.error.issues as Issue[]);
  const field = issue.path.length ? issue.path.join('.') : 'config';
  const base = { field, message: `${field} ${describe(issue as { code: string; message: string })}` };
  if (issue.code === 'too_small') return { ...base, kind: 'too_small', limit: Number(issue.minimum) };
  if (issue.code === 'too_big') return { ...base, kind: 'too_big', limit: Number(issue.maximum) };
  if (issue.code === 'invalid_type' && issue.expected === 'int') return { ...base, kind: 'not_integer' };
  if (issue.code === 'custom' && issue.params?.other) return { ...base, kind: 'order', other: issue.params.other, relation: issue.params.relation };
  return { ...base, kind: 'other' };
}

function describe(issue: { code: string; message: string; keys?: string[] }): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) return `has unknown key(s): ${issue.keys.join(', ')}`;
  const m = issue.message.replace(/^Invalid input: /, '');
  return /^(must|is|has|plus|names)\b/.test(m) ? m : `is invalid: ${m}`;
}

export function defaultConfig(): Config {
  const r = parseConfig({ version: 1 });
  if (!r.ok) throw new Error(r.error);
  return r.config;
}

/** Apply a document on top of the current config; an invalid one leaves `current` in force. */
export function applyConfig(current: Config, doc: unknown): { config: Config; error?: string } {
  const r = parseConfig(doc);
  return r.ok ? { config: r.config } : { config: current, error: r.error };
}

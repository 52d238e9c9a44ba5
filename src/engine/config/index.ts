// Parsing a config document: all or nothing, with the first broken field named.
import { configSchema, type Config } from './schema';

export type { Config, ConfigInput, SegmentRule, RfmCuts, StrategyDoc } from './schema';

export type ConfigResult = { ok: true; config: Config } | { ok: false; error: string };

export function parseConfig(doc: unknown): ConfigResult {
  const r = configSchema.safeParse(doc);
  if (r.success) return { ok: true, config: r.data };
  const issue = r.error.issues[0];
  const field = issue.path.length ? issue.path.join('.') : 'config';
  return { ok: false, error: `${field} ${describe(issue)}` };
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

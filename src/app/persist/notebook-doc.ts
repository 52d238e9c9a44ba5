// The saved notebook: config, cells (notes and queries included), language and the column mapping of
// the loaded files, never any data. One format for the file a user saves and for the autosave.
import { z } from 'zod';
import { parseConfig, type Config } from '../../engine/config';
import { minimalDoc } from '../../engine/config/link';
import { rfmOrderChanged } from '../../engine/config/revision';
import { cellDimensions } from '../../engine/config/view';
import { DATE_FORMATS, NUMBER_STYLES, TABLES } from '../../engine/mapping';
import { exprLimitIssue } from '../../engine/sql/amount-expr';
import { ENCODINGS } from '../../engine/readers/encoding';
import { DELIMITERS } from '../../engine/readers/text-layout';
import { CELL_KINDS, type Cell } from '../notebook';
import { FRAMEWORKS } from '../../engine/frameworks';
import type { Lang } from '../i18n';

export const NOTEBOOK_FORMAT = 'tierbook-notebook';
/** 2: SPEC revision 2 reordered the default RFM segments. Version 1 still opens (with a notice when it used them). */
export const NOTEBOOK_VERSION = 2;

const cell = z.strictObject({
  id: z.string().min(1).max(100),
  kind: z.enum(CELL_KINDS),
  collapsed: z.boolean(),
  text: z.string().max(200_000).optional(),
  chart: z.strictObject({ mark: z.enum(['none', 'bar', 'line', 'dot']), x: z.number().int().min(0).max(1000), y: z.number().int().min(0).max(1000) }).optional(),
  waitsForRun: z.boolean().optional(),
  dimensions: cellDimensions.optional(),
  movement: z.strictObject({ framework: z.enum(FRAMEWORKS), pinned: z.boolean() }).optional(),
  trend: z.strictObject({ framework: z.enum(FRAMEWORKS).optional(), mode: z.enum(['area', 'lines']).optional() }).optional(),
  cohorts: z.strictObject({ mode: z.enum(['customers', 'revenue']).optional(), chosen: z.array(z.string().max(10)).max(200).optional() }).optional(),
  whatChanged: z.strictObject({ framework: z.enum(FRAMEWORKS).optional() }).optional(),
});

/** How one loaded file was read and mapped: enough to map the same file again, nothing of its content. */
const fileMapping = z.strictObject({
  /** The columns' signature (src/engine/inspect.ts fileSignature): the same columns map themselves. */
  signature: z.string().max(20_000),
  name: z.string().max(500),
  table: z.enum(TABLES),
  read: z.strictObject({ encoding: z.enum(ENCODINGS).optional(), delimiter: z.enum(DELIMITERS).optional(), header: z.boolean().optional(), sheet: z.string().max(200).optional() }),
  roles: z.record(z.string().max(100), z.string().max(2_000)),
  dateFormat: z.union([z.enum(DATE_FORMATS), z.literal(''), z.literal('auto')]),
  numberStyle: z.union([z.enum(NUMBER_STYLES), z.literal('auto')]),
}).superRefine((m, ctx) => {
  // The amount is applied to the next file with these columns: it must pass the limits typed input does.
  const issue = m.table === 'orders' && m.roles.amount !== undefined ? exprLimitIssue(m.roles.amount) : null;
  if (issue) ctx.addIssue({ code: 'custom', path: ['roles', 'amount'], message: issue });
});
export type FileMappingDoc = z.output<typeof fileMapping>;

const notebookSchema = z.strictObject({
  format: z.literal(NOTEBOOK_FORMAT, `must be "${NOTEBOOK_FORMAT}"`),
  version: z.union([z.literal(1), z.literal(NOTEBOOK_VERSION)], `must be 1 or ${NOTEBOOK_VERSION} (the notebook versions this build reads)`),
  config: z.unknown(),
  cells: z.array(cell).max(500).refine((c) => new Set(c.map((x) => x.id)).size === c.length, 'has two cells with the same id'),
  lang: z.enum(['en', 'zh']),
  mapping: z.array(fileMapping).max(20).default([]),
  /** The config pinned as the baseline of movement between configs, if any (a config document). */
  pinned: z.unknown().optional(),
});

export interface Notebook {
  config: Config;
  cells: Cell[];
  lang: Lang;
  mapping: FileMappingDoc[];
  /** The config pinned as the baseline of movement between configs. */
  pinned?: Config | null;
}

export function notebookDoc(n: Notebook): Record<string, unknown> {
  return { format: NOTEBOOK_FORMAT, version: NOTEBOOK_VERSION, config: minimalDoc(n.config), cells: n.cells, lang: n.lang, mapping: n.mapping, ...(n.pinned && { pinned: minimalDoc(n.pinned) }) };
}

/** `rfmOrderChanged`: saved before SPEC revision 2 with the default RFM segments, which now follow the new order. */
export type NotebookResult = { ok: true; notebook: Notebook; rfmOrderChanged?: true } | { ok: false; error: string };

/** A notebook document checked whole: any fault refuses it and names the field. */
export function parseNotebook(doc: unknown): NotebookResult {
  const r = notebookSchema.safeParse(doc);
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = issue.path.length ? `notebook.${issue.path.join('.')}` : 'notebook';
    const keys = issue.code === 'unrecognized_keys' ? ` has unknown key(s): ${issue.keys.join(', ')}` : ` ${issue.message.replace(/^Invalid input: /, 'is invalid: ')}`;
    return { ok: false, error: `${field}${keys}` };
  }
  const config = parseConfig(r.data.config);
  if (!config.ok) return { ok: false, error: `notebook.config: ${config.error}` };
  const pinned = r.data.pinned === undefined || r.data.pinned === null ? null : parseConfig(r.data.pinned);
  if (pinned && !pinned.ok) return { ok: false, error: `notebook.pinned: ${pinned.error}` };
  const notebook: Notebook = { config: config.config, cells: r.data.cells as Cell[], lang: r.data.lang, mapping: r.data.mapping, ...(pinned && { pinned: pinned.config }) };
  return r.data.version === 1 && rfmOrderChanged(config.config) ? { ok: true, notebook, rfmOrderChanged: true } : { ok: true, notebook };
}

/** Reads a notebook file's text: JSON first, then the document. */
export function notebookFromText(text: string): NotebookResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, error: 'notebook file is not JSON' };
  }
  return parseNotebook(doc);
}

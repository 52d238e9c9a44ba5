// View settings of notebook cells that are not the SPEC's config: the Dimensions cell's framework, bar
// mode, dimension and bin edges. The notebook keeps them all; a config link carries only those that
// hold no column name and no data value (docs/privacy.md): the framework, the bar mode, typed edges.
import { z } from 'zod';
import { FRAMEWORKS } from '../frameworks';

export const BAR_MODES = ['percent', 'stacked'] as const;
export type BarMode = (typeof BAR_MODES)[number];

/** Bin edges as typed: finite numbers, strictly ascending, a handful (each one is a bar). */
export const binEdges = z
  .array(z.number().finite().min(-1e15).max(1e15), 'must be a list of numbers')
  .min(1)
  .max(50, 'must hold at most 50 edges')
  .refine((e) => e.every((x, i) => i === 0 || e[i - 1] < x), 'must be in ascending order, each edge once');

/** The Dimensions cell's settings in a link: nothing of the data. */
export const linkDimensions = z.strictObject({
  framework: z.enum(FRAMEWORKS).optional(),
  mode: z.enum(BAR_MODES).optional(),
  edges: binEdges.optional(),
});

/** The Dimensions cell's settings in a notebook: also the dimension, a column name of the data. */
export const cellDimensions = linkDimensions.extend({ dimension: z.string().min(1).max(500).optional() });
export type DimensionsSettings = z.output<typeof cellDimensions>;

export const linkViewSchema = z.strictObject({ dimensions: linkDimensions.optional() });
export type LinkView = z.output<typeof linkViewSchema>;

/** A link's `view` checked whole; the first fault is named by its field, like a config's. */
export function parseLinkView(doc: unknown): { ok: true; view: LinkView } | { ok: false; error: string } {
  const r = linkViewSchema.safeParse(doc);
  if (r.success) return { ok: true, view: r.data };
  const issue = r.error.issues[0];
  const field = ['view', ...issue.path].join('.');
  const what = issue.code === 'unrecognized_keys' ? `has unknown key(s): ${issue.keys.join(', ')}` : issue.message.replace(/^Invalid input: /, 'is invalid: ');
  return { ok: false, error: `${field} ${/^(must|is|has)\b/.test(what) ? what : `is invalid: ${what}`}` };
}

/** The link's share of a cell's settings: the dimension's name is left out, and defaults too (short links). */
export function linkDimensionsOf(s: DimensionsSettings | undefined): LinkView['dimensions'] {
  if (!s) return undefined;
  const out: NonNullable<LinkView['dimensions']> = {};
  if (s.framework && s.framework !== 'ladder') out.framework = s.framework;
  if (s.mode && s.mode !== 'percent') out.mode = s.mode;
  if (s.edges?.length) out.edges = [...s.edges];
  return Object.keys(out).length ? out : undefined;
}

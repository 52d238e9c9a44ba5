// The strategy section of the config document (Tierbook's addition to SPEC §5, still version 1):
// the export language, the matrix (frameworks and assigned cells) and the playbook's edits.
import { z } from 'zod';
import { FRAMEWORKS } from '../frameworks';
import { CHANNELS, PRIORITIES } from '../playbook/types';

/** framework.label for built-in strategies; users' own ids follow the same shape. */
export const STRATEGY_ID = /^[a-z][a-z0-9_]{0,29}(\.[a-z0-9_]{1,40})?$/;
const strategyId = z.string().regex(STRATEGY_ID, 'must be a strategy id (a-z, 0-9, _ and one optional dot; at most 71 characters)');

const line = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const bilingual = (max: number) => z.strictObject({ en: line(max).optional(), zh: line(max).optional() });
const actionList = z.array(line(300)).max(8, 'must list at most 8 actions');

export const strategyDoc = z.strictObject({
  title: bilingual(120).refine((t) => !!(t.en?.trim() || t.zh?.trim()), 'must have a title in English or Chinese'),
  actions: z.strictObject({ en: actionList.optional(), zh: actionList.optional() }).prefault({}),
  channel: z.enum(CHANNELS),
  priority: z.enum(PRIORITIES),
  kpi: bilingual(200).prefault({}),
  /** The language whose text may be out of date: the other one was edited since (cleared by an edit or a confirm). */
  stale: z.enum(['en', 'zh']).optional(),
});

export const MATRIX_COLUMNS = [...FRAMEWORKS, 'none'] as const;

/** Keys JavaScript gives a meaning of its own: as record keys they vanish (`__proto__`) or clash with lookups. */
export const RESERVED_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** A record whose reserved keys are refused by name, before zod builds the object (which would drop `__proto__`). */
const keyed = <T extends z.ZodType>(record: T) =>
  z.preprocess((v, ctx) => {
    if (typeof v === 'object' && v !== null)
      for (const k of RESERVED_KEYS)
        if (Object.prototype.hasOwnProperty.call(v, k)) ctx.addIssue({ code: 'custom', path: [k], message: `is a reserved name (${RESERVED_KEYS.join(', ')} cannot be keys)`, input: v });
    return v;
  }, record);

const matrix = z
  .strictObject({
    rows: z.enum(FRAMEWORKS).default('value'),
    cols: z.enum(MATRIX_COLUMNS).default('lifecycle'),
    /** Cells the user assigned: `row|col` (or `row` without columns) → strategy id, or null for "no strategy". */
    cells: keyed(z
      .record(z.string().max(100), strategyId.nullable())
      .refine((c) => Object.keys(c).length <= 2_000, 'must assign at most 2000 cells'))
      .default({}),
  })
  .prefault({});

export const strategySection = z
  .strictObject({
    /** The language of the export's strategy titles. */
    exportLanguage: z.enum(['en', 'zh']).default('en'),
    matrix,
    /** Edits to the built-in playbook: an id → its new strategy (added or replaced), or null (removed). */
    playbook: keyed(z
      .record(strategyId, strategyDoc.nullable())
      .refine((p) => Object.keys(p).length <= 300, 'must hold at most 300 strategies'))
      .default({}),
  })
  .prefault({});

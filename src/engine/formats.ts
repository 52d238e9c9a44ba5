// Filling in how each table writes its dates and numbers, where the mapping does not say.
import type { Db } from './db';
import type { DateFormat, Mapping, NumberStyle, TableMapping, TableName } from './mapping';
import { TABLES } from './mapping';
import { amountFromText, exprColumns } from './sql/amount-expr';
import { chooseDateFormat, chooseNumberStyle, dateCountsSql, numberCountsSql, type DateCounts, type NumberCounts } from './sql/detect';

const DATE_ROLE: Record<TableName, string[]> = {
  orders: ['order_date'],
  customers: ['signup_date'],
  feedback: ['response_date'],
  interactions: ['interaction_date'],
};

/** A question only the user can answer: the column's dates read both day-first and month-first. */
export interface DateQuestion {
  table: TableName;
  column: string;
  choices: DateFormat[];
  /** A few values that read differently each way. */
  examples: string[];
}

export function numericColumns(table: TableName, m: TableMapping): string[] {
  const r = m.roles as Record<string, string | undefined>;
  const cols = [r.cost, r.csat, r.nps, r.referrals].filter((c): c is string => !!c);
  if (table === 'orders' && r.amount) {
    try { cols.push(...exprColumns(amountFromText(r.amount, m.columns))); } catch { /* checkMapping names it */ }
  }
  return [...new Set(cols)].filter((c) => m.columns.includes(c));
}

const num = (v: unknown) => Number(v);

/** The mapping with every missing dateFormat and numberStyle detected; ambiguous dates become questions. */
export async function detectFormats(db: Db, mapping: Mapping): Promise<{ mapping: Mapping; questions: DateQuestion[] }> {
  const out = { ...mapping } as Record<TableName, TableMapping | undefined>;
  const questions: DateQuestion[] = [];
  for (const t of TABLES) {
    const m = out[t];
    if (!m) continue;
    const next: TableMapping = { ...m };
    const dateCol = DATE_ROLE[t].map((r) => (m.roles as Record<string, string | undefined>)[r]).find((c) => c && m.columns.includes(c));
    if (!next.dateFormat && dateCol) {
      const [row] = await db.rows<Record<string, unknown>>(dateCountsSql(t, dateCol));
      const counts = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, num(v)])) as DateCounts;
      const choice = chooseDateFormat(counts);
      if ('format' in choice) next.dateFormat = choice.format;
      else questions.push({ table: t, column: dateCol, choices: choice.ambiguous, examples: [] });
    }
    if (!next.numberStyle) {
      let style: NumberStyle = 'plain';
      for (const c of numericColumns(t, m)) {
        const [row] = await db.rows<Record<string, unknown>>(numberCountsSql(t, c));
        const counts = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, num(v)])) as NumberCounts;
        if (chooseNumberStyle(counts) === 'grouped') style = 'grouped';
      }
      next.numberStyle = style;
    }
    out[t] = next;
  }
  return { mapping: out as Mapping, questions };
}

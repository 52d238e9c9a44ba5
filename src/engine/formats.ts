// Filling in how each table writes its dates and numbers, where the mapping does not say.
import type { Db } from './db';
import type { DateFormat, Mapping, NumberStyle, TableMapping, TableName } from './mapping';
import { DATE_ROLE, NUMERIC_ROLES, TABLES } from './mapping';
import { amountFromText, exprColumns } from './sql/amount-expr';
import { chooseDateFormat, chooseNumberStyle, countsOf, dateCountsSql, numberCountsSql, type DateCounts, type NumberCounts } from './sql/detect';

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
  const cols = NUMERIC_ROLES.filter((role) => role !== 'amount').map((role) => r[role]).filter((c): c is string => !!c);
  if (table === 'orders' && r.amount) {
    try { cols.push(...exprColumns(amountFromText(r.amount, m.columns))); } catch { /* checkMapping names it */ }
  }
  return [...new Set(cols)].filter((c) => m.columns.includes(c));
}

/** The mapping with every missing dateFormat and numberStyle detected; ambiguous dates become questions. */
export async function detectFormats(db: Db, mapping: Mapping): Promise<{ mapping: Mapping; questions: DateQuestion[] }> {
  const out = { ...mapping } as Record<TableName, TableMapping | undefined>;
  const questions: DateQuestion[] = [];
  for (const t of TABLES) {
    const m = out[t];
    if (!m) continue;
    const next: TableMapping = { ...m };
    const dateCol = (m.roles as Record<string, string | undefined>)[DATE_ROLE[t]];
    if (!next.dateFormat && dateCol && m.columns.includes(dateCol)) {
      const [row] = await db.rows<Record<string, unknown>>(dateCountsSql(t, dateCol));
      const counts = countsOf<DateCounts>(row);
      const choice = chooseDateFormat(counts);
      if ('format' in choice) next.dateFormat = choice.format;
      else questions.push({ table: t, column: dateCol, choices: choice.ambiguous, examples: [] });
    }
    if (!next.numberStyle) {
      let style: NumberStyle = 'plain';
      for (const c of numericColumns(t, m)) {
        const [row] = await db.rows<Record<string, unknown>>(numberCountsSql(t, c));
        const counts = countsOf<NumberCounts>(row);
        if (chooseNumberStyle(counts) === 'grouped') style = 'grouped';
      }
      next.numberStyle = style;
    }
    out[t] = next;
  }
  return { mapping: out as Mapping, questions };
}

// Runs the engine on in-memory tables with native DuckDB, through the same Session the worker uses,
// and checks on every run that the live recount (typed arrays) agrees with the SQL labels of the export.
import { detectFormats } from '../../src/engine/formats';
import { expect } from 'vitest';
import { FRAMEWORKS, labelKeys } from '../../src/engine/frameworks';
import { autoRoles, TABLES, type Mapping, type TableName } from '../../src/engine/mapping';
import { Session } from '../../src/engine/session';
import { ident, str } from '../../src/engine/sql/quote';
import type { TableReport } from '../../src/engine/sql/report';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';

export type Row = Record<string, string>;
export type Tables = { orders: Row[] } & Partial<Record<Exclude<TableName, 'orders'>, Row[]>>;
export type Roles = Partial<Record<TableName, Record<string, string>>>;

export async function loadRaw(db: NodeDb, table: TableName, rows: Row[], columns = [...new Set(rows.flatMap(Object.keys))]): Promise<string[]> {
  const name = ident(`raw_${table}`);
  await db.exec(`CREATE OR REPLACE TABLE ${name} (__row BIGINT, ${columns.map((c) => `${ident(c)} VARCHAR`).join(', ')})`);
  if (rows.length)
    await db.exec(`INSERT INTO ${name} VALUES ${rows
      .map((r, i) => `(${i + 1}, ${columns.map((c) => (r[c] === undefined ? 'NULL' : str(r[c]))).join(', ')})`)
      .join(', ')}`);
  return columns;
}

export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '', quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}

export interface Run {
  lines: string[];
  header: string[];
  rows: Record<string, string>[];
  byId: Record<string, Record<string, string>>;
  report: Record<string, TableReport>;
  asOf: string;
  session: Session;
  db: NodeDb;
}

export async function openSession(db: NodeDb): Promise<Session> {
  return new Session(db, (sql) => db.columns(sql));
}

export async function run(tables: Tables, config: object = {}, roles: Roles = {}, db?: NodeDb): Promise<Run> {
  const own = !db;
  db ??= await openNodeDb();
  try {
    const mapping = {} as Mapping;
    for (const t of TABLES) {
      const rows = tables[t];
      if (!rows) continue;
      const columns = await loadRaw(db, t, rows, rows.length ? undefined : Object.keys(autoRolesTemplate[t]));
      (mapping as Record<string, unknown>)[t] = { columns, roles: { ...autoRoles(t, columns), ...roles[t] } };
    }
    // As both shells do: each column's number style and date format decided over the whole column.
    const detected = await detectFormats(db, mapping);
    if (detected.questions.length) throw new Error(`ambiguous dates: ${detected.questions.map((q) => q.column).join(', ')}`);
    const session = await openSession(db);
    const r = await session.load(detected.mapping, { version: 1, ...config });
    if (!r.ok) throw new Error(r.error);
    const lines = await session.exportLines();
    const header = lines[0].split(',');
    const rows = lines.slice(1).map((l) => Object.fromEntries(parseCsvLine(l).map((v, i) => [header[i], v])));
    expectLiveAgrees(session, rows);
    return {
      lines, header, rows, db, session, asOf: r.summary.asOf,
      byId: Object.fromEntries(rows.map((x) => [x.customer_id, x])),
      report: Object.fromEntries(r.summary.report.map((t) => [t.table, t])),
    };
  } finally {
    if (own) db.close();
  }
}

const autoRolesTemplate: Record<TableName, Row> = {
  orders: { customer_id: '', order_date: '', amount: '' },
  customers: { customer_id: '' },
  feedback: { customer_id: '', response_date: '', csat: '', nps: '' },
  interactions: { customer_id: '', interaction_date: '', kind: '' },
};

/** The live recount's label for customer i must be the export's (rows are in idx order). */
export function expectLiveAgrees(session: Session, rows: Record<string, string>[]): void {
  const d = session.loaded!;
  session.relabel();
  for (const fw of FRAMEWORKS) {
    const col = fw === 'rfm' ? 'rfm_segment' : fw;
    const keys = labelKeys(fw, session.config);
    const live = Array.from(d.out.labels[fw], (k) => keys[k]);
    expect(live, `live ${fw} labels`).toEqual(rows.map((r) => r[col]));
  }
  const score = (a: Uint8Array) => Array.from(a, (x) => (x === 0 ? '' : String(x)));
  expect(score(d.out.r), 'live r').toEqual(rows.map((r) => r.r));
  expect(score(d.out.f), 'live f').toEqual(rows.map((r) => r.f));
  expect(score(d.out.m), 'live m').toEqual(rows.map((r) => r.m));
  expectMatrixAgrees(session, rows);
}

/**
 * The live matrix counts every customer in exactly one cell, and each customer's strategy_key in the
 * export is the strategy of the live cell their labels put them in.
 */
export function expectMatrixAgrees(session: Session, rows: Record<string, string>[]): void {
  const m = session.relabel().matrix;
  expect(m.cells.reduce((a, c) => a + c.customers, 0), 'matrix cells add up to the universe').toBe(rows.length);
  const rowCol = m.rows === 'rfm' ? 'rfm_segment' : m.rows;
  const colCol = m.cols === 'rfm' ? 'rfm_segment' : m.cols;
  const strategyOf = new Map(m.cells.map((c) => [`${c.row}|${c.col}`, c.strategy ?? '']));
  const expected = rows.map((r) => strategyOf.get(`${r[rowCol]}|${m.cols === 'none' ? 'all' : r[colCol]}`));
  expect(rows.map((r) => r.strategy_key), 'strategy_key is the strategy of the customer\'s cell').toEqual(expected);
}

/** Orders rows from compact tuples: [customer_id, order_date, amount, order_id?]. */
export function orders(...rows: [string, string, string, string?][]): Row[] {
  return rows.map(([customer_id, order_date, amount, order_id]): Row =>
    order_id === undefined ? { customer_id, order_date, amount } : { customer_id, order_date, amount, order_id });
}

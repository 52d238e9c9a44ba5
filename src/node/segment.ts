// The `segment` command's work, testable without a process: files + mapping + config -> export file.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseConfig, type Config } from '../engine/config';
import { autoRoles, ROLES, TABLES, type Mapping, type TableName } from '../engine/mapping';
import { buildModel, checkMapping, exportLines, MappingError, resolveAsOf, stage, toCsv, type Model } from '../engine/pipeline';
import { openNodeDb } from './duckdb';
import { firstLine, InputError, loadRawFile } from './load';
import type { TableReport } from '../engine/sql/report';

export class UsageError extends Error {}

export interface SegmentOptions {
  orders?: string;
  customers?: string;
  feedback?: string;
  interactions?: string;
  config?: string;
  map: string[];
  amount?: string;
  asOf?: string;
  out?: string;
}

export interface SegmentResult {
  model: Model;
  files: Partial<Record<TableName, string>>;
  rows: number;
  out: string;
}

function readConfig(path: string | undefined, asOf: string | undefined): Config {
  let doc: Record<string, unknown> = { version: 1 };
  if (path) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new UsageError(`${path}: cannot read the config file`);
    }
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`${path}: not valid JSON (${firstLine(e)})`);
    }
  }
  if (asOf !== undefined) doc = { ...doc, asOf };
  const r = parseConfig(doc);
  if (!r.ok) throw new UsageError(`${path ?? '--as-of'}: invalid config: ${r.error}`);
  return r.config;
}

/** `--map orders.customer_id=CustomerID` entries, checked against the SPEC's roles. */
function parseMaps(maps: string[]): Partial<Record<TableName, Record<string, string>>> {
  const out: Partial<Record<TableName, Record<string, string>>> = {};
  for (const m of maps) {
    const hit = /^([a-z_]+)\.([a-z_]+)=(.+)$/.exec(m);
    if (!hit) throw new UsageError(`--map ${m}: expected TABLE.ROLE=COLUMN`);
    const [, table, role, column] = hit;
    if (!(TABLES as readonly string[]).includes(table)) throw new UsageError(`--map ${m}: unknown table "${table}" (one of ${TABLES.join(', ')})`);
    if (!(ROLES[table as TableName] as readonly string[]).includes(role))
      throw new UsageError(`--map ${m}: unknown role "${role}" for ${table} (one of ${ROLES[table as TableName].join(', ')})`);
    (out[table as TableName] ??= {})[role] = column;
  }
  return out;
}

export async function segmentFiles(o: SegmentOptions): Promise<SegmentResult> {
  if (!o.orders) throw new UsageError('--orders FILE is required');
  if (!o.out) throw new UsageError('--out FILE is required');
  const config = readConfig(o.config, o.asOf);
  const maps = parseMaps(o.map);
  const files: Partial<Record<TableName, string>> = { orders: o.orders, customers: o.customers, feedback: o.feedback, interactions: o.interactions };
  for (const t of TABLES) if (!files[t]) delete files[t];
  for (const t of Object.keys(maps) as TableName[])
    if (!files[t]) throw new UsageError(`--map ${t}.…: no --${t} file was given`);

  const db = await openNodeDb();
  try {
    const mapping = {} as Mapping;
    for (const t of Object.keys(files) as TableName[]) {
      const columns = await loadRawFile(db, t, files[t]!);
      const roles: Record<string, string> = { ...autoRoles(t, columns), ...maps[t] };
      if (t === 'orders' && o.amount) roles.amount = o.amount;
      (mapping as Record<string, unknown>)[t] = { columns, roles };
    }
    checkMapping(mapping, files);
    await stage(db, mapping);
    const asOf = await resolveAsOf(db, config);
    const model = await buildModel(db, mapping, asOf);
    const lines = await exportLines(db, mapping, config, model);
    // Write beside the target and rename, so a failure never leaves a partial export.
    const tmp = join(dirname(o.out), `.${basename(o.out)}.${process.pid}.tmp`);
    try {
      writeFileSync(tmp, toCsv(lines));
      renameSync(tmp, o.out);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw new UsageError(`${o.out}: cannot write the export (${firstLine(e)})`);
    }
    return { model, files, rows: lines.length - 1, out: o.out };
  } catch (e) {
    if (e instanceof InputError || e instanceof MappingError) throw new UsageError(e.message);
    throw e;
  } finally {
    db.close();
  }
}

export function formatReport(r: SegmentResult): string {
  const lines = [`as_of ${r.model.asOf}: ${r.model.customers} customers; ${r.rows} rows written to ${r.out}`];
  for (const t of r.model.report) lines.push(formatTable(t, r.files[t.table]));
  return lines.join('\n') + '\n';
}

function formatTable(t: TableReport, file?: string): string {
  const parts = [`${t.table}${file ? ` (${file})` : ''}: read ${t.read}, used ${t.used}`];
  for (const [k, n] of Object.entries(t.rejected)) parts.push(`rejected ${n} ${k}`);
  for (const [k, n] of Object.entries(t.ignored)) parts.push(`ignored ${n} ${k}`);
  return parts.join('; ');
}

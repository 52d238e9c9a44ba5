// The `segment` command on a ClickHouse server (`--engine clickhouse --clickhouse-url URL --orders-table
// db.table …`; docs/scale.md, the server path): the tables stay where they are, every step runs in one
// session of the server on its temporary tables, and only the per-customer export comes back, streamed
// into the output file. Mapping, config, time and clv options, the load report and the bundle are the
// file path's.
import { basename, dirname, join } from 'node:path';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { ClickHouseError } from '@clickhouse/client';
import { TABLES, attributeColumns, DATE_ROLE, type Mapping, type TableMapping, type TableName } from '../engine/mapping';
import { detectFormats } from '../engine/formats';
import { bundleFiles, zipBundle } from '../engine/bundle';
import { amountFromText, exprColumns } from '../engine/sql/amount-expr';
import { buildModel, checkMapping, exportQuery, MappingError, replayModel, replayFits, resolveAsOf, stage, tablesOf, toCsv } from '../engine/pipeline';
import { checkBaseline, TimeError } from '../engine/time/baseline';
import { clvHorizon } from '../engine/clv-model';
import { cohortLines } from '../engine/time/cohorts';
import { movementLines } from '../engine/time/movement';
import { trendLines } from '../engine/time/trend';
import { whatChangedLines } from '../engine/time/what-changed';
import { columnKind, describeSql, kindsFor, needsOf, serverRawSql, tableName, type ServerColumn } from '../engine/sql/server-raw';
import { openServerDb, ServerError, type ServerDb } from './ch-server';
import { firstLine } from './load';
import { holdoutLines, type SegmentResult } from './segment';
import { parseMaps, planOutputs, rolesFor, TABLE_FLAGS, UsageError, UTF8_BOM, type SegmentOptions } from './segment-options';

const flagOf = (t: TableName) => `--${t}-table`;

/** File-only options: refused with a server's tables (they say how to read a file). */
const FILE_ONLY = [['--orders', 'orders'], ['--customers', 'customers'], ['--feedback', 'feedback'], ['--interactions', 'interactions']] as const;

/** The columns a mapping reads from a table: its roles', the amount expression's, the customers' attributes. */
function usedColumns(t: TableName, m: TableMapping): string[] {
  const roles = m.roles as Record<string, string>;
  const used = new Set(Object.entries(roles).flatMap(([role, c]) => (t === 'orders' && role === 'amount' ? exprColumns(amountFromText(c, m.columns)) : [c])));
  if (t === 'customers') for (const c of attributeColumns(m as TableMapping<'customers'>)) used.add(c);
  return m.columns.filter((c) => used.has(c));
}

/** Which role (or attribute) a column plays, for a refusal's words and the kinds it can be read from. */
function roleOfColumn(t: TableName, m: TableMapping, column: string): string {
  const roles = m.roles as Record<string, string>;
  const direct = Object.entries(roles).find(([role, c]) => c === column && !(t === 'orders' && role === 'amount'));
  return direct ? direct[0] : t === 'orders' && roles.amount && exprColumns(amountFromText(roles.amount, m.columns)).includes(column) ? 'amount' : 'attribute';
}

async function describe(db: ServerDb, t: TableName, given: string, sql: string): Promise<ServerColumn[]> {
  try {
    return await db.rows<ServerColumn>(describeSql(sql));
  } catch (e) {
    if (/\b(UNKNOWN_TABLE|UNKNOWN_DATABASE)\b/.test((e as Error).message)) throw new UsageError(`${flagOf(t)} ${given}: no such table on ${db.url}`);
    throw e;
  }
}

export async function segmentServer(o: SegmentOptions): Promise<SegmentResult> {
  if (o.engine !== undefined && o.engine !== 'clickhouse') throw new UsageError(`--engine ${o.engine}: a ClickHouse server's tables need --engine clickhouse`);
  if (o.clickhouseUrl === undefined) throw new UsageError(`${flagOf(TABLES.find((t) => o[TABLE_FLAGS[t]] !== undefined)!)} needs --clickhouse-url http://host:8123`);
  for (const [flag, key] of FILE_ONLY) if (o[key] !== undefined) throw new UsageError(`${flag} ${o[key]}: a file; with --clickhouse-url give ${flag}-table db.table`);
  if (o.read && Object.keys(o.read).length) throw new UsageError(`--${Object.keys(o.read)[0] === 'header' ? 'no-header' : Object.keys(o.read)[0]}: reads files only; not with --clickhouse-url`);
  if (!o.ordersTable) throw new UsageError('--orders-table db.table is required with --clickhouse-url');
  if (!o.out) throw new UsageError('--out FILE is required');
  const sources: Partial<Record<TableName, { given: string; sql: string }>> = {};
  for (const t of TABLES) {
    const given = o[TABLE_FLAGS[t]];
    if (given === undefined) continue;
    const name = tableName(given);
    if (!name) throw new UsageError(`${flagOf(t)} ${given}: expected TABLE or DATABASE.TABLE`);
    sources[t] = { given, sql: name.sql };
  }
  const inputs: [string, string | undefined][] = [['--config', o.config]];
  const { out, target, config } = planOutputs(o, inputs);
  const maps = parseMaps(o.map);
  for (const t of Object.keys(maps) as TableName[]) if (!sources[t]) throw new UsageError(`--map ${t}.…: no ${flagOf(t)} was given`);
  const files = Object.fromEntries(Object.entries(sources).map(([t, s]) => [t, s!.given])) as Partial<Record<TableName, string>>;

  let db: ServerDb | null = null;
  const tmps: string[] = [];
  // `--timings`: the server path's coarser phases (the file path's are in segment.ts).
  const timings: SegmentResult['timings'] = [];
  let lapFrom = performance.now();
  const lap = (phase: string) => { const now = performance.now(); timings.push([phase, now - lapFrom]); lapFrom = now; };
  try {
    db = await openServerDb(o.clickhouseUrl);
    let mapping = {} as Mapping;
    const described: Partial<Record<TableName, ServerColumn[]>> = {};
    for (const t of Object.keys(sources) as TableName[]) {
      const cols = await describe(db, t, sources[t]!.given, sources[t]!.sql);
      described[t] = cols;
      const columns = cols.map((c) => c.name);
      const roles = rolesFor(t, columns, maps[t], o.amount, files[t]!);
      (mapping as Record<string, unknown>)[t] = { columns, roles, headerRows: 0, textLines: false, ...(o.dateFormat ? { dateFormat: o.dateFormat } : {}), ...(o.numberStyle ? { numberStyle: o.numberStyle } : {}) };
    }
    checkMapping(mapping, files, 'table');
    // Only the columns the mapping reads cross into the session, each of a type its role can be read from.
    for (const t of tablesOf(mapping)) {
      const m = mapping[t]!;
      const used = usedColumns(t, m);
      const typed = used.map((name) => described[t]!.find((c) => c.name === name)!);
      for (const c of typed) {
        const role = roleOfColumn(t, m, c.name);
        const kind = columnKind(c.type);
        if (kind === null || !kindsFor(role).includes(kind))
          throw new UsageError(`${files[t]} (${t}): column "${c.name}" has type ${c.type}, which cannot be read as ${role === 'attribute' ? 'an attribute' : `${t}.${role}`} (${needsOf(role)})`);
      }
      // A Date or DateTime is its calendar date, written YYYY-MM-DD: the table's dates are then read as ISO.
      const dateCol = (m.roles as Record<string, string | undefined>)[DATE_ROLE[t]];
      const dateKind = typed.find((c) => c.name === dateCol) && columnKind(typed.find((c) => c.name === dateCol)!.type);
      (mapping as Record<string, TableMapping>)[t] = { ...m, columns: used, ...(dateKind === 'date' || dateKind === 'datetime' ? { dateFormat: 'iso' } : {}) };
      const raw = serverRawSql(t, sources[t]!.sql, typed, o.numberStyle);
      for (const sql of raw.create) await db.exec(sql);
      const [{ n }] = await db.rows<{ n: number }>(raw.nulCount);
      if (Number(n) > 0) for (const sql of raw.dropNul) await db.exec(sql);
    }
    lap('read');
    const detected = await detectFormats(db, mapping);
    for (const q of detected.questions)
      throw new UsageError(`${files[q.table]} (${q.table}): dates in "${q.column}" read both as day/month and month/day; choose with --date-format dmy or --date-format mdy`);
    mapping = detected.mapping;
    await stage(db, mapping);
    lap('stage');
    const asOf = await resolveAsOf(db, config);
    const baseline = config.time.baselineAsOf;
    if (baseline !== null) checkBaseline(baseline, asOf);
    const holdoutFrom = config.clv.holdoutFrom;
    if (holdoutFrom !== null && !(holdoutFrom < asOf)) throw new UsageError(`clv.holdoutFrom must be before the analysis date ${asOf}`);
    const model = await buildModel(db, mapping, asOf, undefined, undefined, clvHorizon(config));
    const replay = baseline === null ? undefined : await replayModel(db, mapping, baseline, undefined, undefined, replayFits(config));
    lap('model');
    // All or nothing, as the file path: the export streamed beside its target first (in the file path's
    // order: the time files replay other dates), every other file computed, then all renamed.
    const { header, sql } = await exportQuery(db, mapping, config, model, undefined, undefined, replay);
    const tmpOf = (p: string) => join(dirname(p), `.${basename(p)}.${process.pid}.tmp`);
    tmps.push(tmpOf(out));
    await db.streamTo(sql, `${o.bom ? UTF8_BOM : ''}${header}\n`, tmpOf(out));
    lap('labels and export');
    const writes: [string, string | Uint8Array, string][] = [];
    if (target.bundle) writes.push([target.bundle, zipBundle(await bundleFiles(db, mapping, config, model, replay)), o.bundle!]);
    if (target.movement) writes.push([target.movement, toCsv(await movementLines(db, mapping, config, model, replay!)), o.movement!]);
    if (target.trend) writes.push([target.trend, toCsv(await trendLines(db, mapping, config, model)), o.trend!]);
    if (target.cohorts) writes.push([target.cohorts, toCsv(await cohortLines(db, config, model)), o.cohorts!]);
    if (target.whatChanged) writes.push([target.whatChanged, toCsv(await whatChangedLines(db, config, model)), o.whatChanged!]);
    if (target.clvHoldout) writes.push([target.clvHoldout, toCsv(await holdoutLines(db, mapping, model, holdoutFrom!, o.clvHoldout!)), o.clvHoldout!]);
    for (const [path, content, shown] of writes) {
      tmps.push(tmpOf(path));
      try {
        writeFileSync(tmpOf(path), content);
      } catch (e) {
        throw new UsageError(`${shown}: cannot write the file (${firstLine(e)})`);
      }
    }
    for (const [path, shown] of [[out, o.out] as const, ...writes.map(([p, , s]) => [p, s] as const)]) {
      try {
        renameSync(tmpOf(path), path);
      } catch (e) {
        throw new UsageError(`${shown}: cannot write the file (${firstLine(e)})`);
      }
    }
    lap('write');
    return { model, files, rows: model.customers, out: o.out, timings };
  } catch (e) {
    if (e instanceof MappingError || e instanceof TimeError || e instanceof ServerError) throw new UsageError(e.message);
    if (e instanceof ClickHouseError) throw new UsageError(`ClickHouse at ${o.clickhouseUrl}: ${e.message.trim()}`);
    throw e;
  } finally {
    for (const t of tmps) rmSync(t, { force: true });
    await db?.close();
  }
}

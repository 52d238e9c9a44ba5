// The `segment` command's work, testable without a process: files + mapping + config -> export file.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { checkBaseline, TimeError } from '../engine/time/baseline';
import { cohortLines } from '../engine/time/cohorts';
import { movementLines } from '../engine/time/movement';
import { trendLines } from '../engine/time/trend';
import { whatChangedLines } from '../engine/time/what-changed';
import { TABLES, type Mapping, type TableName } from '../engine/mapping';
import { detectFormats, type DateQuestion } from '../engine/formats';
import { formatNote } from '../engine/format-notes';
import { bundleFiles, zipBundle } from '../engine/bundle';
import { buildModel, checkMapping, tablesOf, exportLines, MappingError, replayModel, resolveAsOf, stage, detectAndStage, toCsv, type Model, type Phases, replayFits, DEFAULT_HORIZON } from '../engine/pipeline';
import { openNodeDb } from './duckdb';
import type { ChDb } from './chdb';
import type { Db } from '../engine/db';
import { clvHorizon, clvReportLine, holdoutCheck, holdoutCsv } from '../engine/clv-model';
import { AS_OF_TABLES } from '../engine/sql/tables';
import { firstLine, InputError, loadRawFile } from './load';
import type { TableReport } from '../engine/sql/report';
import { readFacts } from '../engine/readers/prepare';
import { checkEngine, parseMaps, planOutputs, rolesFor, UsageError, UTF8_BOM, type SegmentOptions } from './segment-options';

export interface SegmentResult {
  model: Model;
  files: Partial<Record<TableName, string>>;
  rows: number;
  out: string;
  /** Wall-clock milliseconds of each phase, in order (`--timings` prints them; bench/engines.ts reads them). */
  timings: [phase: string, ms: number][];
}

export async function segmentFiles(o: SegmentOptions): Promise<SegmentResult> {
  checkEngine(o.engine);
  if (!o.orders) throw new UsageError('--orders FILE is required');
  if (!o.out) throw new UsageError('--out FILE is required');
  const inputs: [string, string | undefined][] = [['--orders', o.orders], ['--customers', o.customers], ['--feedback', o.feedback], ['--interactions', o.interactions], ['--config', o.config]];
  const { out, target, config } = planOutputs(o, inputs);
  const maps = parseMaps(o.map);
  const files: Partial<Record<TableName, string>> = { orders: o.orders, customers: o.customers, feedback: o.feedback, interactions: o.interactions };
  for (const t of TABLES) if (!files[t]) delete files[t];
  for (const t of Object.keys(maps) as TableName[])
    if (!files[t]) throw new UsageError(`--map ${t}.…: no --${t} file was given`);

  // The files are always read by DuckDB (the readers' route); on ClickHouse the raw tables then cross to
  // it and every step after the mapping runs there (docs/scale.md, how files get in).
  const timings: SegmentResult['timings'] = [];
  let lapFrom = performance.now();
  const lap = (phase: string) => { const now = performance.now(); timings.push([phase, now - lapFrom]); lapFrom = now; };
  // The model's own parts, as buildModel times them; what it does not time (a few statements' text) goes with the last.
  const lapParts = (parts: [string, number][]) => {
    const now = performance.now();
    const rest = now - lapFrom - parts.reduce((a, [, ms]) => a + ms, 0);
    timings.push(...parts.map(([phase, ms], i): [string, number] => [phase, i === parts.length - 1 ? ms + rest : ms]));
    lapFrom = now;
  };
  const duck = await openNodeDb();
  let db: Db = duck;
  let ch: ChDb | null = null;
  try {
    let mapping = {} as Mapping;
    for (const t of Object.keys(files) as TableName[]) {
      const { columns, prepared } = await loadRawFile(duck, t, files[t]!, o.read ?? {}, o.parquet);
      const roles = rolesFor(t, columns, maps[t], o.amount, files[t]!);
      (mapping as Record<string, unknown>)[t] = { columns, roles, ...readFacts(prepared), ...(o.dateFormat ? { dateFormat: o.dateFormat } : {}), ...(o.numberStyle ? { numberStyle: o.numberStyle } : {}) };
    }
    checkMapping(mapping, files);
    const question = (q: DateQuestion) =>
      new UsageError(`${files[q.table]} (${q.table}): dates in "${q.column}" read both as day/month and month/day; choose with --date-format dmy or --date-format mdy`);
    if (o.engine === 'clickhouse') {
      const detected = await detectFormats(duck, mapping);
      for (const q of detected.questions) throw question(q);
      mapping = detected.mapping;
      lap('read');
      // chdb's native library (~190 MB resident) is loaded only for this engine.
      const [{ openChDb }, { copyRawTables }] = await Promise.all([import('./chdb'), import('./chdb-load')]);
      ch = await openChDb({ readable: [`${duck.scratch}/`] });
      await copyRawTables(duck, ch, tablesOf(mapping));
      db = ch;
      lap('to clickhouse');
      await stage(db, mapping);
    } else {
      lap('read');
      // DuckDB decides the orders' formats as it stages them (pipeline.ts).
      const staged = await detectAndStage(duck, mapping);
      for (const q of staged.questions) throw question(q);
      mapping = staged.mapping;
    }
    const asOf = await resolveAsOf(db, config);
    lap('stage');
    const baseline = config.time.baselineAsOf;
    if (baseline !== null) checkBaseline(baseline, asOf);
    const holdoutFrom = config.clv.holdoutFrom;
    if (holdoutFrom !== null && !(holdoutFrom < asOf)) throw new UsageError(`clv.holdoutFrom must be before the analysis date ${asOf}`);
    const modelPhases: Phases = {};
    const model = await buildModel(db, mapping, asOf, modelPhases, undefined, clvHorizon(config));
    lapParts([['orders', modelPhases.orders ?? 0], ['metrics', modelPhases.metrics ?? 0], ['predicted value', modelPhases.clv ?? 0], ['load report', modelPhases.report ?? 0]]);
    const replay = baseline === null ? undefined : await replayModel(db, mapping, baseline, undefined, undefined, replayFits(config));
    if (replay) lap('baseline');
    // All or nothing: every file is computed before the first is written.
    const lines = await exportLines(db, mapping, config, model, undefined, undefined, replay);
    lap('labels and export');
    const writes: [string, string | Uint8Array, string][] = [[out, (o.bom ? UTF8_BOM : '') + toCsv(lines), o.out]];
    if (target.bundle) writes.push([target.bundle, zipBundle(await bundleFiles(db, mapping, config, model, replay)), o.bundle!]);
    if (target.movement) writes.push([target.movement, toCsv(await movementLines(db, mapping, config, model, replay!)), o.movement!]);
    if (target.trend) writes.push([target.trend, toCsv(await trendLines(db, mapping, config, model)), o.trend!]);
    if (target.cohorts) writes.push([target.cohorts, toCsv(await cohortLines(db, config, model)), o.cohorts!]);
    if (target.whatChanged) writes.push([target.whatChanged, toCsv(await whatChangedLines(db, config, model)), o.whatChanged!]);
    if (target.clvHoldout) writes.push([target.clvHoldout, toCsv(await holdoutLines(db, mapping, model, holdoutFrom!, o.clvHoldout!)), o.clvHoldout!]);
    if (writes.length > 1) lap('other files');
    writeAll(writes);
    lap('write');
    return { model, files, rows: lines.length - 1, out: o.out, timings };
  } catch (e) {
    if (e instanceof InputError || e instanceof MappingError || e instanceof TimeError) throw new UsageError(e.message);
    throw e;
  } finally {
    duck.close();
    ch?.close();
  }
}

/** `--timings`: one stderr line, each phase's wall-clock time (off by default, so outputs never change). */
export const formatTimings = (r: SegmentResult): string =>
  `timings: ${r.timings.map(([phase, ms]) => `${phase} ${Math.round(ms)} ms`).join(', ')}; total ${Math.round(r.timings.reduce((a, [, ms]) => a + ms, 0))} ms\n`;

/** Every file written beside its target, then all renamed: a failure leaves none of them. */
function writeAll(writes: [string, string | Uint8Array, string][]): void {
  const tmps: string[] = [];
  try {
    for (const [path, content, shown] of writes) {
      const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
      tmps.push(tmp);
      try {
        writeFileSync(tmp, content);
      } catch (e) {
        throw new UsageError(`${shown}: cannot write the file (${firstLine(e)})`);
      }
    }
    writes.forEach(([path, , shown], i) => {
      try {
        renameSync(tmps[i], path);
      } catch (e) {
        throw new UsageError(`${shown}: cannot write the file (${firstLine(e)})`);
      }
    });
  } finally {
    for (const t of tmps) rmSync(t, { force: true });
  }
}

/** The holdout check file (SPEC §3a): a separate fit at D over the data before D; refused when that fit is. */
export async function holdoutLines(db: Db, mapping: Mapping, model: Model, holdoutFrom: string, shown: string): Promise<string[]> {
  const atD = await replayModel(db, mapping, holdoutFrom, undefined, undefined, DEFAULT_HORIZON);
  const rows = await holdoutCheck(db, { asOf: holdoutFrom, tables: atD.tables, clv: atD.clv! }, model.asOf, AS_OF_TABLES);
  const fit = atD.clv!.fit;
  if (!rows || !fit.ok) throw new UsageError(`--clv-holdout ${shown}: the fit at clv.holdoutFrom ${holdoutFrom} is refused (${fit.ok ? '' : `${fit.reason}: ${fit.detail}`})`);
  return holdoutCsv(rows);
}

export function formatReport(r: SegmentResult): string {
  const lines = [`as_of ${r.model.asOf}: ${r.model.customers} customers; ${r.rows} rows written to ${r.out}`, clvReportLine(r.model.clv.fit)];
  for (const t of r.model.report) {
    lines.push(formatTable(t, r.files[t.table], r.model.examples[t.table]));
    for (const f of r.model.formats.filter((f) => f.table === t.table)) lines.push(`  ${t.table}.${f.role}: ${formatNote(f)}`);
  }
  return lines.join('\n') + '\n';
}

function formatTable(t: TableReport, file?: string, examples?: Model['examples'][TableName]): string {
  const parts = [`${t.table}${file ? ` (${file})` : ''}: read ${t.read}, used ${t.used}`];
  for (const [k, n] of Object.entries(t.rejected)) parts.push(`rejected ${n} ${k}`);
  for (const [k, n] of Object.entries(t.ignored)) parts.push(`ignored ${n} ${k}`);
  const lines = [parts.join('; ')];
  for (const e of examples?.rows ?? []) lines.push(`  e.g. line ${e.line} (${e.reason}): ${e.cells.map((c) => c ?? '').join(' | ')}`);
  return lines.join('\n');
}

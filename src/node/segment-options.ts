// The `segment` command's options: flags read into a config, a mapping and output paths, each checked
// before any input is read (src/node/segment.ts runs them; segment-server.ts shares them).
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseConfig, type Config } from '../engine/config';
import { PERIODS } from '../engine/config/schema';
import { DATE_FORMATS, NUMBER_STYLES, REQUIRED as REQUIRED_ROLES, ROLES, TABLES, type DateFormat, type NumberStyle, type TableName } from '../engine/mapping';
import { guessRoles } from '../engine/roles';
import type { ReadOptions } from '../engine/readers/plan';
import { ENCODINGS, type Encoding } from '../engine/readers/encoding';
import { DELIMITERS, type Delimiter } from '../engine/readers/text-layout';
import { firstLine } from './load';

export class UsageError extends Error {}

/** The byte-order mark `--bom` writes first (EF BB BF in UTF-8), as the page's "CSV for Excel" does. */
export const UTF8_BOM = '\uFEFF';

/** `--orders-table` and friends, by table. */
export const TABLE_FLAGS = { orders: 'ordersTable', customers: 'customersTable', feedback: 'feedbackTable', interactions: 'interactionsTable' } as const;

/** Whether the options ask for the server path (a URL or a table flag). */
export const wantsServer = (o: SegmentOptions) => o.clickhouseUrl !== undefined || TABLES.some((t) => o[TABLE_FLAGS[t]] !== undefined);

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
  /** Also write the reproducible bundle (zip) here. */
  bundle?: string;
  /** Start the export with a UTF-8 byte-order mark (Excel then reads Chinese text right); the bundle never has one. */
  bom?: boolean;
  /** How to read every input file (detected when left out). */
  read?: ReadOptions;
  /** How dates and numbers are written in every table (detected when left out). */
  dateFormat?: DateFormat;
  numberStyle?: NumberStyle;
  /** SPEC §5 time section: `time.baselineAsOf`, `time.trendPeriod`, `time.cohortPeriod` (over the config file's). */
  baselineAsOf?: string;
  trendPeriod?: string;
  cohortPeriod?: string;
  /** SPEC §4a files: movement and what changed need a baseline. */
  movement?: string;
  trend?: string;
  cohorts?: string;
  whatChanged?: string;
  /** SPEC §5 clv section (over the config file's): `--clv-horizon`, `--clv-discount`, `--clv-holdout-from`. */
  clvHorizon?: string;
  clvDiscount?: string;
  clvHoldoutFrom?: string;
  /** SPEC §3a holdout check file: needs clv.holdoutFrom before the analysis date. */
  clvHoldout?: string;
  /** `--engine`: `duckdb` (the default) or `clickhouse` (embedded chdb; docs/scale.md: what it does not do yet). */
  engine?: string;
  /** Read Parquet as the browser does (through JavaScript) instead of natively: for tests of that path. */
  parquet?: 'native' | 'convert';
  /** The server path (segment-server.ts): a ClickHouse server's tables instead of files; credentials from the environment only. */
  clickhouseUrl?: string;
  ordersTable?: string;
  customersTable?: string;
  feedbackTable?: string;
  interactionsTable?: string;
}


/** Flags that set the config's time section, by the field each sets. */
interface TimeFlags { baselineAsOf?: string; trendPeriod?: string; cohortPeriod?: string }
/** Flags that set the config's clv section, as given (numbers are read here). */
interface ClvFlags { horizonDays?: string; annualDiscount?: string; holdoutFrom?: string }
const CLV_FLAGS = [['--clv-horizon', 'horizonDays'], ['--clv-discount', 'annualDiscount'], ['--clv-holdout-from', 'holdoutFrom']] as const;

export function readConfig(path: string | undefined, asOf: string | undefined, time: TimeFlags = {}, clvFlags: ClvFlags = {}): Config {
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
  for (const [flag, key] of [['--trend-period', 'trendPeriod'], ['--cohort-period', 'cohortPeriod']] as const) {
    const v = time[key];
    if (v !== undefined && !(PERIODS as readonly string[]).includes(v)) throw new UsageError(`${flag} ${v}: unknown period for time.${key} (one of ${PERIODS.join(', ')})`);
  }
  const given = Object.fromEntries(Object.entries(time).filter(([, v]) => v !== undefined));
  if (Object.keys(given).length) {
    const inDoc = doc.time;
    doc = { ...doc, time: { ...(inDoc && typeof inDoc === 'object' ? inDoc : {}), ...given } };
  }
  const clv: Record<string, string | number> = {};
  for (const [flag, key] of CLV_FLAGS) {
    const v = clvFlags[key];
    if (v === undefined) continue;
    if (key === 'holdoutFrom') { clv[key] = v; continue; }
    const n = v.trim() === '' ? NaN : Number(v);
    if (!Number.isFinite(n)) throw new UsageError(`${flag} ${v}: not a number for clv.${key}`);
    clv[key] = n;
  }
  if (Object.keys(clv).length) {
    const inDoc = doc.clv;
    doc = { ...doc, clv: { ...(inDoc && typeof inDoc === 'object' ? inDoc : {}), ...clv } };
  }
  const r = parseConfig(doc);
  if (!r.ok) {
    // The flag that set the field named, else the config file (or --as-of).
    const byFlag = CLV_FLAGS.find(([, key]) => clvFlags[key] !== undefined && r.error.startsWith(`clv.${key}`))?.[0];
    throw new UsageError(`${byFlag ?? path ?? (time.baselineAsOf !== undefined && /^time\.baselineAsOf/.test(r.error) ? '--baseline-as-of' : '--as-of')}: invalid config: ${r.error}`);
  }
  return r.config;
}

/** `--map orders.customer_id=CustomerID` entries, checked against the SPEC's roles. */
export function parseMaps(maps: string[]): Partial<Record<TableName, Record<string, string>>> {
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

/** Devices and the process's own streams (/dev/null, /dev/stdout, /proc/self/fd/1); /dev/shm holds plain files. */
const isSystemPath = (abs: string) => (/^\/dev(\/|$)/.test(abs) && !/^\/dev\/shm\//.test(abs)) || /^\/(proc|sys)(\/|$)/.test(abs);

/**
 * Where an output flag's file will be written: refused, before any input is read, when it is a directory,
 * a device, a system path or one of the inputs (an input is never overwritten). A symbolic link is
 * written through: the file it points to is replaced, never the link.
 */
export function outputPath(flag: string, path: string, inputs: [string, string | undefined][]): string {
  const refuse = (why: string): never => { throw new UsageError(`${flag} ${path}: ${why}`); };
  const abs = resolve(path);
  if (/[\\/]$/.test(path)) refuse('is a folder; give a file name');
  if (isSystemPath(abs)) refuse('is a device or system path (/dev, /proc, /sys); give a file name');
  if (!existsSync(abs)) {
    const dir = dirname(abs);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) refuse(`the folder ${dirname(path)} does not exist`);
    return abs;
  }
  const st = statSync(abs);
  if (st.isDirectory()) refuse('is a folder; give a file name');
  if (!st.isFile()) refuse('is not a regular file (a device, pipe or socket); give a file name');
  const target = realpathSync(abs);
  if (isSystemPath(target)) refuse('is a device or system path (/dev, /proc, /sys); give a file name');
  for (const [inFlag, input] of inputs) {
    if (!input || !existsSync(input)) continue;
    const s = statSync(input);
    if (s.dev === st.dev && s.ino === st.ino) refuse(`is the ${inFlag} file; it would be overwritten (choose another name)`);
  }
  return target;
}

/** The output flags besides --out, in the order their files are written. */
export const EXTRA_OUTPUTS = [['--bundle', 'bundle'], ['--movement', 'movement'], ['--trend', 'trend'], ['--cohorts', 'cohorts'], ['--what-changed', 'whatChanged'], ['--clv-holdout', 'clvHoldout']] as const;

/** An extra output's file, by its option. */
export type OutputTargets = Partial<Record<(typeof EXTRA_OUTPUTS)[number][1], string>>;

/**
 * Every output's file and the config, checked before any input is read (both paths share this, so a
 * refusal reads the same whether the tables are files or a server's): no two outputs may be one file, and
 * an output that needs a config value the flags and the config leave unset is refused here.
 */
export function planOutputs(o: SegmentOptions, inputs: [string, string | undefined][]): { out: string; target: OutputTargets; config: Config } {
  // Both callers refuse a missing --out earlier, each in its own order of refusals; this keeps the function sound alone.
  if (!o.out) throw new UsageError('--out FILE is required');
  const out = outputPath('--out', o.out, inputs);
  const paths = new Map<string, string>([[out, '--out']]);
  const target: OutputTargets = {};
  for (const [flag, key] of EXTRA_OUTPUTS) {
    if (o[key] === undefined) continue;
    const p = outputPath(flag, o[key]!, inputs);
    if (paths.has(p)) throw new UsageError(`${flag} ${o[key]}: is the ${paths.get(p)} file; give the ${flag === '--bundle' ? 'bundle' : `${flag.slice(2)} file`} its own name`);
    paths.set(p, flag);
    target[key] = p;
  }
  const config = readConfig(o.config, o.asOf, { baselineAsOf: o.baselineAsOf, trendPeriod: o.trendPeriod, cohortPeriod: o.cohortPeriod },
    { horizonDays: o.clvHorizon, annualDiscount: o.clvDiscount, holdoutFrom: o.clvHoldoutFrom });
  if (o.clvHoldout !== undefined && config.clv.holdoutFrom === null)
    throw new UsageError(`--clv-holdout ${o.clvHoldout}: clv.holdoutFrom is not set; give --clv-holdout-from YYYY-MM-DD (or clv.holdoutFrom in the config)`);
  for (const [flag, key] of [['--movement', 'movement'], ['--what-changed', 'whatChanged']] as const)
    if (o[key] !== undefined && config.time.baselineAsOf === null)
      throw new UsageError(`${flag} ${o[key]}: time.baselineAsOf is not set; give --baseline-as-of YYYY-MM-DD (or time.baselineAsOf in the config)`);
  return { out, target, config };
}

export const ENGINES = ['duckdb', 'clickhouse'] as const;

/** `--engine`, checked before anything is read. */
export function checkEngine(engine: string | undefined): void {
  if (engine === undefined || (ENGINES as readonly string[]).includes(engine)) return;
  throw new UsageError(`--engine ${engine}: unknown (one of ${ENGINES.join(', ')})`);
}

/**
 * A table's roles: guessed from its column names, then the --map choices and --amount over them; a required
 * role that several columns could fill and no choice settles is refused, naming them (`source`: the file or table).
 */
export function rolesFor(t: TableName, columns: string[], chosen: Record<string, string> | undefined, amount: string | undefined, source: string): Record<string, string> {
  const guess = guessRoles(t, columns);
  const roles: Record<string, string> = { ...guess.roles, ...chosen };
  if (t === 'orders' && amount) roles.amount = amount;
  for (const [role, candidates] of Object.entries(guess.ambiguous) as [string, string[]][])
    if (!roles[role] && (REQUIRED_ROLES[t] as readonly string[]).includes(role))
      throw new UsageError(`${source} (${t}): several columns could be ${t}.${role} (${candidates.map((c) => `"${c}"`).join(', ')}); choose one with --map ${t}.${role}=COLUMN`);
  return roles;
}

const ENCODING_ALIASES: Record<string, Encoding> = { utf8: 'utf-8', gbk: 'gb18030', gb2312: 'gb18030', utf16le: 'utf-16le', utf16be: 'utf-16be', utf16: 'utf-16le', latin1: 'windows-1252' };
const DELIMITER_ALIASES: Record<string, Delimiter> = { tab: '\t', '\\t': '\t', pipe: '|', comma: ',', semicolon: ';', space: 'whitespace', spaces: 'whitespace' };

/** The read and format flags as options, each checked against what the readers know. */
export function readOptions(f: { encoding?: string; delimiter?: string; noHeader?: boolean; sheet?: string; dateFormat?: string; numberStyle?: string }): Pick<SegmentOptions, 'read' | 'dateFormat' | 'numberStyle'> {
  const read: ReadOptions = {};
  if (f.encoding !== undefined) {
    const e = f.encoding.toLowerCase();
    const enc = (ENCODINGS as readonly string[]).includes(e) ? (e as Encoding) : ENCODING_ALIASES[e.replace(/[-_]/g, '')] ?? ENCODING_ALIASES[e];
    if (!enc) throw new UsageError(`--encoding ${f.encoding}: unknown (one of ${ENCODINGS.join(', ')}, gbk)`);
    read.encoding = enc;
  }
  if (f.delimiter !== undefined) {
    const d = (DELIMITERS as readonly string[]).includes(f.delimiter) ? (f.delimiter as Delimiter) : DELIMITER_ALIASES[f.delimiter.toLowerCase()];
    if (!d) throw new UsageError(`--delimiter ${f.delimiter}: unknown (one of , tab ; pipe whitespace)`);
    read.delimiter = d;
  }
  if (f.noHeader) read.header = false;
  if (f.sheet !== undefined) read.sheet = f.sheet;
  if (f.dateFormat !== undefined && !(DATE_FORMATS as readonly string[]).includes(f.dateFormat))
    throw new UsageError(`--date-format ${f.dateFormat}: unknown (one of ${DATE_FORMATS.join(', ')})`);
  if (f.numberStyle !== undefined && !(NUMBER_STYLES as readonly string[]).includes(f.numberStyle))
    throw new UsageError(`--number-style ${f.numberStyle}: unknown (one of ${NUMBER_STYLES.join(', ')})`);
  return { read, dateFormat: f.dateFormat as DateFormat | undefined, numberStyle: f.numberStyle as NumberStyle | undefined };
}

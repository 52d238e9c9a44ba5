// A ClickHouse server's table as the raw relation the file path hands to staging (docs/scale.md, the server
// path): raw_<table> with __row and every used column as text, plus parse_errors_<table> and
// lines_<table>, as temporary tables of the HTTP session. Staging, model, labels and export then run
// unchanged. Typed columns become text by one rule per type, so that the same data stored as String or
// as typed columns gives the same text (and the same export).
import type { NumberStyle, TableName } from '../mapping';
import { ident } from './quote';

/** What a column's type is, for reading it as text (Nullable and LowCardinality looked through). */
export type ColumnKind = 'text' | 'fixed' | 'integer' | 'float' | 'decimal' | 'bool' | 'date' | 'datetime' | 'scalar';

export interface ServerColumn { name: string; type: string }

/** The type without its Nullable(…) / LowCardinality(…) wrappers. */
export function bareType(type: string): string {
  let t = type.trim();
  for (;;) {
    const m = /^(Nullable|LowCardinality)\((.*)\)$/s.exec(t);
    if (!m) return t;
    t = m[2].trim();
  }
}

/** The kind of a ClickHouse type, or null for one that holds no single value (Array, Map, Tuple, JSON, …). */
export function columnKind(type: string): ColumnKind | null {
  const t = bareType(type);
  const family = /^[A-Za-z0-9_]+/.exec(t)?.[0] ?? '';
  if (family === 'String') return 'text';
  if (family === 'FixedString') return 'fixed';
  if (/^U?Int(8|16|32|64|128|256)$/.test(family)) return 'integer';
  if (/^(Float32|Float64|BFloat16)$/.test(family)) return 'float';
  if (/^Decimal(32|64|128|256)?$/.test(family)) return 'decimal';
  if (family === 'Bool') return 'bool';
  if (family === 'Date' || family === 'Date32') return 'date';
  if (family === 'DateTime' || family === 'DateTime64') return 'datetime';
  if (/^(Enum8|Enum16|Enum|UUID|IPv4|IPv6)$/.test(family)) return 'scalar';
  return null;
}

/** Which kinds each role can be read from: any single value for names and labels; numbers; dates. */
const NUMBER_KINDS: readonly ColumnKind[] = ['text', 'fixed', 'integer', 'float', 'decimal'];
const DATE_KINDS: readonly ColumnKind[] = ['text', 'fixed', 'date', 'datetime', 'integer'];
const ANY_KIND: readonly ColumnKind[] = ['text', 'fixed', 'integer', 'float', 'decimal', 'bool', 'date', 'datetime', 'scalar'];
export function kindsFor(role: string): readonly ColumnKind[] {
  if (['amount', 'cost', 'csat', 'nps', 'referrals'].includes(role)) return NUMBER_KINDS;
  if (/date$/.test(role)) return DATE_KINDS;
  return ANY_KIND;
}

/** What a role (or an attribute) needs, in the words of a refusal. */
export const NEEDS: Record<'number' | 'date' | 'value', string> = { number: 'a String or a number type', date: 'a String, Date, DateTime or integer type', value: 'a String, number, date, Bool, Enum, UUID or IP type' };
export const needsOf = (role: string) => NEEDS[kindsFor(role) === NUMBER_KINDS ? 'number' : kindsFor(role) === DATE_KINDS ? 'date' : 'value'];

/**
 * The column's text, as the file path would hold it: a String as it is; a Date its calendar date and a
 * DateTime the calendar date in the column's own time zone (YYYY-MM-DD, the time dropped, as the SPEC
 * drops a file's time); integers, decimals and floats as plain decimal text (17850, never 17850.0; the
 * shortest text of a float; no trailing zeros), in the number style the table is read in; Bool true/false;
 * an Enum its name; FixedString without its padding NULs. NULL stays NULL (an empty cell).
 */
export function textOf(c: ServerColumn, style: NumberStyle = 'plain'): string {
  const v = ident(c.name);
  const kind = columnKind(c.type);
  switch (kind) {
    case 'text': return v;
    case 'fixed': return `trimRight(toString(${v}), char(0))`;
    case 'date': return `toString(${v})`;
    // toDate32 of a DateTime reads it in the column's own zone (the server's when the type names none).
    case 'datetime': return `toString(toDate32(${v}))`;
    case 'integer': case 'float': case 'decimal':
      // A decimal comma table reads 12,5: a typed number is written that way there (its text has no grouping).
      return style === 'decimal_comma' ? `replaceOne(toString(${v}), '.', ',')` : `toString(${v})`;
    case 'bool': case 'scalar': return `toString(${v})`;
    default: throw new Error(`column "${c.name}": type ${c.type} has no text`);
  }
}

/** A NUL character in any cell: the row is `nul_byte`, as a file's row is (no export ever holds one). */
const hasNul = (names: string[]) => names.map((c) => `coalesce(position(${ident(c)}, char(0)) > 0, false)`).join(' OR ');

/**
 * The statements that make raw_<t>, parse_errors_<t> and lines_<t> from `source` (a quoted `db.table`),
 * reading only `columns`. A server table has no row order of its own (parts, shards, merges): rows are
 * numbered in the order of their text, column by column, so the same rows give the same numbers (the
 * report's "line", the first row of a duplicate customer id) however they are stored or typed.
 */
export function serverRawSql(t: TableName, source: string, columns: ServerColumn[], style: NumberStyle = 'plain'): { create: string[]; nulCount: string; dropNul: string[] } {
  const names = columns.map((c) => c.name);
  const texts = columns.map((c) => `${textOf(c, style)} AS ${ident(c.name)}`).join(', ');
  const raw = ident(`raw_${t}`);
  const order = names.map(ident).join(', ');
  const text = `replace(concat_ws(',', ${names.map((c) => `coalesce(${ident(c)}, '')`).join(', ')}), char(0), '\u2400')`;
  return {
    create: [
      `CREATE OR REPLACE TEMPORARY TABLE ${raw} AS
SELECT toInt64(row_number() OVER (ORDER BY ${order})) AS __row, *
FROM (SELECT ${texts} FROM ${source})`,
      `CREATE OR REPLACE TEMPORARY TABLE ${ident(`parse_errors_${t}`)} (line Int64, reason String, text String)`,
      // Row r is line r (no header, no line breaks: a table's rows are its lines), as for Parquet.
      `CREATE OR REPLACE TEMPORARY TABLE ${ident(`lines_${t}`)} (row Int64, line Int64)`,
      `INSERT INTO ${ident(`lines_${t}`)} VALUES (1, 1)`,
    ],
    nulCount: `SELECT toUInt64(count()) AS n FROM ${raw} WHERE ${hasNul(names)}`,
    dropNul: [
      `INSERT INTO ${ident(`parse_errors_${t}`)} SELECT __row, 'nul_byte', left(${text}, 1024) FROM ${raw} WHERE ${hasNul(names)} ORDER BY __row`,
      `ALTER TABLE ${raw} DELETE WHERE ${hasNul(names)} SETTINGS mutations_sync = 2`,
    ],
  };
}

/** `db.table` (or `table`, in the server's default database), as the flag gave it. */
export function tableName(text: string): { database?: string; table: string; sql: string } | null {
  const parts = text.split('.');
  if (parts.length > 2 || parts.some((p) => p === '' || p.includes('\u0000'))) return null;
  const [database, table] = parts.length === 2 ? parts : [undefined, parts[0]];
  return { database, table, sql: [database, table].filter((p): p is string => p !== undefined).map(ident).join('.') };
}

/** The table's columns and types (DESCRIBE), as JSON rows. */
export const describeSql = (source: string) => `DESCRIBE TABLE ${source}`;

/**
 * A statement of the pipeline as it runs in a server session: every table it makes is a TEMPORARY table
 * (the session's own, gone when it ends; never in a database), and a DROP drops only such a table. Only
 * statements that write to the session's own tables pass; anything else that writes is refused, so the
 * user's database is never written to by construction.
 */
export function inSession(sql: string, temporary: Set<string>): string {
  const s = sql.trimStart();
  const create = /^CREATE (OR REPLACE )?(TEMPORARY )?TABLE (IF NOT EXISTS )?("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_]*)/.exec(s);
  if (create) {
    temporary.add(unquote(create[4]));
    return create[2] ? s : s.replace(/^CREATE (OR REPLACE )?TABLE /, (_, or) => `CREATE ${or ?? ''}TEMPORARY TABLE `);
  }
  const drop = /^DROP (TEMPORARY )?TABLE IF EXISTS ("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(s);
  if (drop) return `DROP TEMPORARY TABLE IF EXISTS ${drop[2]}`;
  const write = /^(INSERT INTO|ALTER TABLE) ("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_]*)\s/.exec(s);
  if (write && temporary.has(unquote(write[2]))) return s;
  if (/^(SELECT|WITH|SET|DESCRIBE)\b/i.test(s) && !/\bINTO\s+OUTFILE\b/i.test(s)) return s;
  throw new Error(`refused in a server session (it would write outside the session's temporary tables): ${s.slice(0, 60)}`);
}

const unquote = (name: string) => (name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name);

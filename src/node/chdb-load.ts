// Raw tables into embedded ClickHouse (docs/scale.md, "how files get in"): the readers' own route. The
// file is read exactly as for `--engine duckdb` (readers + native DuckDB into raw_<table>, all text, with
// its unreadable records and line breakpoints), and those three tables cross to ClickHouse as Parquet
// written in DuckDB's scratch directory: every cell keeps its text and its NULL, so both engines stage
// the same rows. ClickHouse never parses the user's file itself.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TableName } from '../engine/mapping';
import { ident, str } from '../engine/sql/quote';
import type { NodeDb } from './duckdb';
import type { ChDb } from './chdb';

/** raw_<table>, parse_errors_<table> and lines_<table> of each table, from DuckDB into ClickHouse. */
export async function copyRawTables(duck: NodeDb, ch: ChDb, tables: readonly TableName[]): Promise<void> {
  for (const t of tables) {
    for (const name of [`raw_${t}`, `parse_errors_${t}`, `lines_${t}`]) {
      const file = join(duck.scratch, `${name}.parquet`);
      try {
        // Every raw cell crosses as text, as DuckDB's staging reads it (a Parquet input keeps its types in raw_<table>).
        const cols = name === `raw_${t}` ? (await duck.rows<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE ${ident(name)}) WHERE column_name <> '__row'`)).map((c) => c.column_name) : null;
        const select = cols ? `(SELECT __row${cols.map((c) => `, CAST(${ident(c)} AS VARCHAR) AS ${ident(c)}`).join('')} FROM ${ident(name)})` : ident(name);
        await duck.exec(`COPY ${select} TO ${str(file)} (FORMAT parquet)`);
        // ClickHouse's string literals take backslash escapes; the scratch path never holds one (mkdtemp).
        await ch.exec(`CREATE OR REPLACE TABLE ${ident(name)} AS SELECT * FROM file(${str(file)}, Parquet)`);
      } finally {
        rmSync(file, { force: true });
      }
    }
  }
}

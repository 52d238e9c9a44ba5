// The settings every ClickHouse session starts with, embedded (chdb.ts) or a server's (ch-server.ts): apart
// from chdb.ts so that the server path and the DuckDB command line never load chdb's native library.
/**
 * Set on every session before any statement (docs/scale.md, the traps): a join's unmatched side is NULL
 * as in DuckDB; a name is the column's before an alias's (ClickHouse fills in the type's default: '' and 0); tables need no ENGINE clause; 64-bit
 * integers and decimals come back as JSON numbers, as DuckDB's rows give them.
 */
export const CLICKHOUSE_SETTINGS = [
  `SET join_use_nulls = 1`,
  // A column's name means the column, as in DuckDB: ClickHouse otherwise lets an alias of the same SELECT
  // shadow it (\`csat_text\` over raw csat, then \`... AS csat\` would read the alias).
  `SET prefer_column_name_to_alias = 1`,
  `SET default_table_engine = 'Memory'`,
  `SET output_format_json_quote_64bit_integers = 0`,
  `SET output_format_json_quote_decimals = 0`,
];

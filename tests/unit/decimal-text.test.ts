// The export's decimal text (SPEC §6: no exponent, no trailing zeros) through DECIMAL(18,9) where the value
// fits: the same text as DuckDB's DECIMAL(38,9) cast writes, on the command line's DuckDB and the page's
// DuckDB-WASM, for seeded values over 24 orders of magnitude, both signs, the range's edges and NULL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainDecimalText } from '../../src/engine/sql/dialect';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';
import { openNodeWasm } from './helpers/wasm-db';

/** The text as it was written before the 64-bit path: DuckDB's DECIMAL(38,9) text, trimmed. */
const before = (x: string) => `rtrim(rtrim(CAST(CAST(${x} AS DECIMAL(38,9)) AS VARCHAR), '0'), '.')`;

const EDGES = ['0', '-0', '0.000000001', '-0.000000001', '0.5', '-0.5', '1', '10', '100.100', '999999999.999999999', '-999999999.999999999',
  '1000000000', '-1000000000', '1000000000.000000001', '-1000000000.5', '12345678901234567890.123456789', '-99999999999999999999999999999.999999999'];

/** Rows (value as a DECIMAL(38,9), an integer, a double) and a count of those whose new text differs. */
const TABLE = `CREATE TABLE v AS
  SELECT CAST(d AS DECIMAL(38,9)) AS d, CAST(floor(d) AS BIGINT) AS i, CAST(d AS DOUBLE) AS x FROM (
    SELECT (CAST(hash(k) % 2000000 AS DOUBLE) - 1000000) / 1000000.0 * pow(10, CAST(hash(k * 7) % 24 AS DOUBLE) - 10) AS d FROM range(300000) r(k)
  )
  UNION ALL SELECT CAST(e AS DECIMAL(38,9)), NULL, CAST(e AS DOUBLE) FROM (VALUES ${EDGES.map((e) => `('${e}')`).join(', ')}) t(e)
  UNION ALL SELECT NULL, NULL, NULL`;
const DIFFERENT = `SELECT count(*)::INTEGER AS n,
  count(*) FILTER (WHERE ${before('d')} IS DISTINCT FROM ${plainDecimalText('d', 'duckdb')})::INTEGER AS decimals,
  count(*) FILTER (WHERE ${before('i')} IS DISTINCT FROM ${plainDecimalText('i', 'duckdb')})::INTEGER AS integers,
  count(*) FILTER (WHERE ${before('TRY_CAST(x AS DECIMAL(38,9))')} IS DISTINCT FROM ${plainDecimalText('TRY_CAST(x AS DECIMAL(38,9))', 'duckdb')})::INTEGER AS doubles,
  count(*) FILTER (WHERE abs(d) < 1000000000)::INTEGER AS narrow, count(*) FILTER (WHERE abs(d) >= 1000000000)::INTEGER AS wide
  FROM v`;
const SAME = { n: 300_000 + EDGES.length + 1, decimals: 0, integers: 0, doubles: 0 };

describe('decimal text through DECIMAL(18,9) is DuckDB\'s DECIMAL(38,9) text', () => {
  let db: NodeDb;
  beforeAll(async () => {
    db = await openNodeDb();
    await db.exec(TABLE);
  });
  afterAll(() => db.close());

  it('the command line\'s DuckDB: every value, both paths taken', async () => {
    const [r] = await db.rows<Record<string, number>>(DIFFERENT);
    expect(r).toMatchObject(SAME);
    expect(r.narrow).toBeGreaterThan(100_000);
    expect(r.wide).toBeGreaterThan(40_000);
  });

  it('the edges read as written', async () => {
    const rows = await db.rows<{ t: string | null }>(`SELECT ${plainDecimalText('CAST(e AS DECIMAL(38,9))', 'duckdb')} AS t FROM (VALUES ${EDGES.map((e, k) => `('${e}', ${k})`).join(', ')}) v(e, k) ORDER BY k`);
    expect(rows.map((r) => r.t)).toEqual(['0', '0', '0.000000001', '-0.000000001', '0.5', '-0.5', '1', '10', '100.1', '999999999.999999999', '-999999999.999999999',
      '1000000000', '-1000000000', '1000000000.000000001', '-1000000000.5', '12345678901234567890.123456789', '-99999999999999999999999999999.999999999']);
  });

  it('the page\'s DuckDB-WASM: every value', async () => {
    const wasm = await openNodeWasm();
    const conn = wasm.connect();
    try {
      conn.query(TABLE);
      expect(conn.query(DIFFERENT).toArray()[0].toJSON()).toMatchObject(SAME);
    } finally {
      conn.close();
    }
  });
});

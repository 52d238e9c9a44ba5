// What the record scan finds true of every cell of a column (src/engine/readers/cell-facts.ts), and the
// staging that leaves out the checks those facts make certain: each fact is true of the cells DuckDB reads
// (checked with the very patterns staging uses), the facts do not depend on how the bytes are cut, and
// staging with them gives the same rows, values and reasons as staging without them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isDecimalCell, isoKind, type CellFacts } from '../../src/engine/readers/cell-facts';
import { RecordScanner } from '../../src/engine/readers/records';
import { stagingSql } from '../../src/engine/sql/staging';
import { autoRoles, TABLES, type Mapping, type TableName } from '../../src/engine/mapping';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';
import { loadRawFile } from '../../src/node/load';

const enc = (s: string) => new TextEncoder().encode(s);

// The patterns of src/engine/sql/values.ts, as DuckDB's regexp_full_match reads them (whole text).
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const ISO = /^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const decimalOf = (s: string) => { const b = enc(`,${s},`); return isDecimalCell(b, 1, b.length - 1); };
const isoOf = (s: string) => { const b = enc(`,${s},`); return isoKind(b, 1, b.length - 1); };
const isoExpected = (s: string) => (DAY.test(s) ? 1 : ISO.test(s) ? 2 : 0);

describe('a cell read as the SQL patterns read it', () => {
  test.each([
    ['12', true], ['-12', true], ['+0.5', true], ['.5', true], ['5.', true], ['3e1', true], ['2.5E-3', true], ['1e+400', true],
    ['.', false], ['-', false], ['e5', false], ['1e', false], ['1.2.3', false], ['1,5', false], ['0x10', false], ['1_000', false], ['inf', false], ['--1', false], [' 1', false],
  ])('number %j: %s', (s, ok) => {
    expect(decimalOf(s)).toBe(ok);
    expect(NUMBER.test(s)).toBe(ok);
  });

  test.each([
    ['2024-01-05', 1], ['0000-00-00', 1], ['2024-02-30', 1],
    ['2024-01-05 10:30', 2], ['2024-01-05T7:30:00', 2], ['2024-01-05 10:30:00.123456789', 2], ['2024-01-05 10:30:00Z', 2],
    ['2024-01-05T10:30:00+05:30', 2], ['2024-01-05T10:30-0800', 2], ['2024-01-05 10:30+08', 2],
    ['2024-1-05', 0], ['2024/01/05', 0], ['2024-01-05 ', 0], ['2024-01-05 123:00', 0], ['2024-01-05 10:3', 0], ['2024-01-05 10:30:00.1234567890', 0],
    ['2024-01-05 10:30:00.', 0], ['2024-01-05Z', 0], ['2024-01-05 10:30+8', 0], ['2024-01-05 10:30+08:0', 0], ['20240105', 0], ['-024-01-05', 0], ['2024-01-05 10x30', 0], ['2024-01-05 10.30', 0], ['2024-01-05 10', 0],
  ])('date %j: %s', (s, kind) => {
    expect(isoOf(s)).toBe(kind);
    expect(isoExpected(s)).toBe(kind);
  });

  test('on random text made of the patterns\' pieces, the same answers as the patterns', () => {
    const piece = fc.constantFrom('0', '7', '12', '2024', '-', '+', '.', 'e', 'E', ':', '30', 'T', ' ', 'Z', '-05', '1', 'x', '123456789');
    fc.assert(fc.property(fc.array(piece, { minLength: 1, maxLength: 12 }), (parts) => {
      const s = parts.join('');
      expect(decimalOf(s)).toBe(NUMBER.test(s));
      expect(isoOf(s)).toBe(isoExpected(s));
    }), { numRuns: 20_000, seed: 29 });
  });
});

function factsOf(text: string, cuts: number[] = []): CellFacts | undefined {
  const s = new RecordScanner({ name: 'f.csv', delimiter: ',', fields: 3, header: true, lines: 'text' });
  const bytes = enc(text);
  const ends = [...cuts.filter((c) => c > 0 && c < bytes.length), bytes.length];
  let at = 0;
  ends.forEach((end, k) => { s.push(bytes.subarray(at, end), k === ends.length - 1); at = end; });
  return s.cells.facts(['id', 'day', 'amount']);
}

const H = 'id,day,amount\n';
const all = ['id', 'day', 'amount'];
const files: { name: string; text: string; facts: CellFacts | undefined }[] = [
  { name: 'plain rows: ids unpadded, days ISO days, amounts decimals', text: `${H}a,2024-01-05,12.5\nb,2024-02-01,-3\n`, facts: { unpadded: all, decimal: ['amount'], isoDay: ['day'], isoStamp: ['day'] } },
  { name: 'a time of day: ISO stamps, not days', text: `${H}a,2024-01-05 10:30,1\nb,2024-02-01,2\n`, facts: { unpadded: all, decimal: ['amount'], isoDay: [], isoStamp: ['day'] } },
  { name: 'one padded id: ids are trimmed, the rest stands', text: `${H}a,2024-01-05,1\n b,2024-02-01,2\n`, facts: { unpadded: ['day', 'amount'], decimal: ['amount'], isoDay: ['day'], isoStamp: ['day'] } },
  { name: 'a padded amount is neither unpadded nor a decimal (a tab counts)', text: `${H}a,2024-01-05,1\t\nb,2024-02-01,2\n`, facts: { unpadded: ['id', 'day'], decimal: [], isoDay: ['day'], isoStamp: ['day'] } },
  { name: 'empty cells are NULL: no fact is lost', text: `${H}a,,\n,2024-02-01,2\n`, facts: { unpadded: all, decimal: ['amount'], isoDay: ['day'], isoStamp: ['day'] } },
  { name: 'one amount that is not a number', text: `${H}a,2024-01-05,1\nb,2024-02-01,n/a\n`, facts: { unpadded: all, decimal: [], isoDay: ['day'], isoStamp: ['day'] } },
  { name: 'a quoted record: nothing is known of the file', text: `${H}a,2024-01-05,1\n"b",2024-02-01,2\n`, facts: undefined },
  { name: 'a rejected record (a field too many) says nothing of the columns', text: `${H}a,2024-01-05,1\n b ,x,y,z\nc,2024-02-01,2\n`, facts: { unpadded: all, decimal: ['amount'], isoDay: ['day'], isoStamp: ['day'] } },
  { name: 'CRLF rows (read by the record machine) give what LF rows give', text: `${H}a,2024-01-05,12.5\r\nb,2024-02-01,-3\r\n`, facts: { unpadded: all, decimal: ['amount'], isoDay: ['day'], isoStamp: ['day'] } },
  { name: 'CRLF rows with a padded day', text: `${H}a,2024-01-05 ,12.5\r\nb,2024-02-01,-3\r\n`, facts: { unpadded: ['id', 'amount'], decimal: ['amount'], isoDay: [], isoStamp: [] } },
  { name: 'text beyond ASCII is another character', text: `${H}é,2024-01-05,1\nb,2024-02-01,2\n`, facts: { unpadded: all, decimal: ['amount'], isoDay: ['day'], isoStamp: ['day'] } },
  { name: 'the file\'s byte-order mark is no cell\'s text', text: `\ufeff${H}a,2024-01-05,1\n`, facts: { unpadded: all, decimal: ['amount'], isoDay: ['day'], isoStamp: ['day'] } },
  { name: 'a later byte-order mark leading a row: nothing claimed of that column', text: `${H}a,2024-01-05,1\n\ufeffb,2024-02-01,2\n`, facts: { unpadded: ['day', 'amount'], decimal: ['amount'], isoDay: ['day'], isoStamp: ['day'] } },
  { name: 'empty fields beyond the width are dropped', text: `${H}a,2024-01-05,1,,\nb,2024-02-01,2\n`, facts: { unpadded: all, decimal: ['amount'], isoDay: ['day'], isoStamp: ['day'] } },
];

describe('the facts of a file', () => {
  test.each(files)('$name', ({ text, facts }) => {
    expect(factsOf(text)).toEqual(facts);
  });

  test('any cut of the bytes gives what the whole gives', () => {
    for (const { text, facts } of files) {
      const n = enc(text).length;
      for (let cut = 1; cut < n; cut++) expect(factsOf(text, [cut]), `cut at ${cut} of ${JSON.stringify(text)}`).toEqual(facts);
      expect(factsOf(text, Array.from({ length: n }, (_, k) => k + 1)), `byte by byte: ${JSON.stringify(text)}`).toEqual(facts);
    }
  });
});

describe('staging with the facts', () => {
  let db: NodeDb;
  const dir = mkdtempSync(join(tmpdir(), 'tierbook-cells-'));
  beforeAll(async () => { db = await openNodeDb(); });
  afterAll(() => db.close());

  const stage = async (mapping: Mapping, as: string) => {
    for (const sql of stagingSql(mapping)) await db.exec(sql);
    await db.exec(`CREATE OR REPLACE TABLE ${as} AS SELECT * FROM stg_orders`);
  };

  // Cells of every kind the facts are about; some files get only the tame ones, so that facts hold.
  const tame = {
    id: fc.constantFrom('a', 'b', 'C7', 'é', ''),
    day: fc.constantFrom('2024-01-05', '2023-12-31', '2024-02-30', '0000-01-01', '9999-12-31', '2024-01-05 10:30', '2024-01-05T23:59:59.5+08:00', ''),
    amount: fc.constantFrom('1', '-2.5', '.5', '3e1', '1e30', '0', '1000000000000000000', ''),
  };
  const wild = {
    id: fc.constantFrom(' a', 'b ', '\tc', '"q"', '" "', ' ', '\ufeff a', '\ufeffb'),
    day: fc.constantFrom('2024/01/05', ' 2024-01-05', '2024-01-05 ', 'soon', '20240105', '"2024-01-05"'),
    amount: fc.constantFrom('1.2.3', ' 4', 'x', '1,5', '0x10', 'inf', '"7"', '-'),
  };
  const cell = (k: keyof typeof tame) => fc.oneof({ weight: 12, arbitrary: tame[k] }, { weight: 1, arbitrary: wild[k] });
  const row = fc.tuple(cell('id'), cell('day'), cell('amount')).map((r) => r.join(','));

  test('every fact found is true of the cells DuckDB read, and the staged rows are the same with or without them', async () => {
    let withFacts = 0;
    let n = 0;
    // An unclean file (a row with a field too many) is handed to DuckDB in pieces, a clean one read in place.
    await fc.assert(fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 30 }), fc.boolean(), fc.boolean(), async (rows, crlf, unclean) => {
      const path = join(dir, `f${n++}.csv`);
      writeFileSync(path, `${H}${[...rows, ...(unclean ? ['x,y,z,w'] : [])].join('\n')}\n`.replace(/\n/g, crlf ? '\r\n' : '\n'));
      const { columns, prepared } = await loadRawFile(db, 'orders', path);
      const facts = prepared.facts;
      if (facts) {
        withFacts++;
        // Each claim, checked on the raw cells with the patterns staging would have used.
        const cells = (c: string) => `CAST("${c}" AS VARCHAR)`;
        const claims = [
          ...facts.unpadded.map((c) => `bool_and(${cells(c)} IS NULL OR ${cells(c)} = '' OR ${cells(c)} = trim(${cells(c)}, ' \t\r\n'))`),
          ...facts.decimal.map((c) => `bool_and(nullif(${cells(c)}, '') IS NULL OR regexp_full_match(${cells(c)}, '${NUMBER.source.slice(1, -1)}'))`),
          ...facts.isoDay.map((c) => `bool_and(nullif(${cells(c)}, '') IS NULL OR regexp_full_match(${cells(c)}, '${DAY.source.slice(1, -1)}'))`),
          ...facts.isoStamp.map((c) => `bool_and(nullif(${cells(c)}, '') IS NULL OR regexp_full_match(${cells(c)}, '${ISO.source.slice(1, -1)}'))`),
        ];
        if (claims.length) {
          const [held] = await db.rows<Record<string, boolean | null>>(`SELECT ${claims.map((c, k) => `coalesce(${c}, true) AS c${k}`).join(', ')} FROM raw_orders`);
          expect(Object.values(held), JSON.stringify({ rows, facts })).not.toContain(false);
        }
      }
      const roles = { customer_id: 'id', order_date: 'day', amount: 'amount' };
      await stage({ orders: { columns, roles } } as Mapping, 'without');
      await stage({ orders: { columns, roles, ...(facts ? { cells: facts } : {}) } } as Mapping, 'with_facts');
      const [{ diff }] = await db.rows<{ diff: bigint }>('SELECT (SELECT count(*) FROM (SELECT * FROM without EXCEPT ALL SELECT * FROM with_facts)) + (SELECT count(*) FROM (SELECT * FROM with_facts EXCEPT ALL SELECT * FROM without)) AS diff');
      expect(Number(diff), JSON.stringify(rows)).toBe(0);
    }), { numRuns: 150, seed: 29 });
    // Most files are tame: the facts were found, and so were tested.
    expect(withFacts).toBeGreaterThan(20);
  }, 120_000);

  test.each([
    { case: 'first, the file clean (read in place)', rows: ['\ufeff 7,2024-01-01,5', 'b,2024-01-02,6'] },
    { case: 'first, the file unclean (the rows handed on in pieces, this one starting one)', rows: ['\ufeff 7,2024-01-01,5', 'b,2024-01-02,6', 'x,y,z,w'] },
    { case: 'later, the file unclean', rows: ['b,2024-01-02,6', '\ufeff7,2024-01-01,5', 'x,y,z,w'] },
  ])('a row that begins with a later byte-order mark and a blank, $case: staged the same with or without facts', async ({ rows }) => {
    const path = join(dir, 'bom-row.csv');
    writeFileSync(path, `${H}${rows.join('\n')}\n`);
    const { columns, prepared } = await loadRawFile(db, 'orders', path);
    expect(prepared.facts?.unpadded).not.toContain('id');
    const roles = { customer_id: 'id', order_date: 'day', amount: 'amount' };
    await stage({ orders: { columns, roles } } as Mapping, 'without');
    await stage({ orders: { columns, roles, cells: prepared.facts } } as Mapping, 'with_facts');
    const ids = async (t: string) => (await db.rows<{ h: string }>(`SELECT hex(customer_id) AS h FROM ${t} ORDER BY __row`)).map((r) => r.h);
    expect(await ids('with_facts')).toEqual(await ids('without'));
    // The BOM is the file's text there, as DuckDB reads it in the whole file; the blank after it is inside.
    expect(await ids('without')).toContain(rows[0].startsWith('\ufeff') ? 'EFBBBF2037' : 'EFBBBF37');
  });

  test('the sample\'s four tables: facts found, and each staged table the same with or without them', async () => {
    const mapping = {} as Record<TableName, { columns: string[]; roles: Record<string, string>; cells?: CellFacts }>;
    for (const t of TABLES) {
      const { columns, prepared } = await loadRawFile(db, t, `sample-data/${t}.csv`);
      expect(prepared.facts, t).toBeDefined();
      mapping[t] = { columns, roles: autoRoles(t, columns) as Record<string, string>, cells: prepared.facts };
    }
    expect(mapping.orders.cells!.unpadded).toContain(mapping.orders.roles.customer_id);
    const without = Object.fromEntries(TABLES.map((t) => [t, { ...mapping[t], cells: undefined }]));
    for (const [m, as] of [[without, 'a'], [mapping, 'b']] as const) {
      for (const sql of stagingSql(m as unknown as Mapping)) await db.exec(sql);
      for (const t of TABLES) await db.exec(`CREATE OR REPLACE TABLE ${as}_${t} AS SELECT * FROM stg_${t}`);
    }
    for (const t of TABLES) {
      const [{ diff, n }] = await db.rows<{ diff: bigint; n: bigint }>(`SELECT (SELECT count(*) FROM (SELECT * FROM a_${t} EXCEPT ALL SELECT * FROM b_${t})) + (SELECT count(*) FROM (SELECT * FROM b_${t} EXCEPT ALL SELECT * FROM a_${t})) AS diff, (SELECT count(*) FROM a_${t}) AS n`);
      expect(Number(n), t).toBeGreaterThan(0);
      expect(Number(diff), t).toBe(0);
    }
  });
});

// Dimension breakdowns: the live crosstab (typed arrays) must equal the SQL breakdown, for categorical
// attributes, the derived channel, and numeric attributes binned by default and by edited edges.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FRAMEWORKS } from '../../src/engine/frameworks';
import { binCodes, npsByColumn } from '../../src/engine/live/dimensions';
import { labelsQuery } from '../../src/engine/pipeline';
import type { Session } from '../../src/engine/session';
import { AGE_EDGES, binLabels, breakdownSql, dimensionsOf } from '../../src/engine/sql/dimensions';
import { openNodeDb, type NodeDb } from '../../src/node/duckdb';
import { loadRawFile } from '../../src/node/load';
import { autoRoles, type Mapping, type TableName } from '../../src/engine/mapping';
import { openSession, parseCsvLine } from './harness';

describe('binning', () => {
  test.each([
    ['age edges', AGE_EDGES, ['< 18', '18–25', '25–35', '35–45', '45–55', '55–65', '≥ 65']],
    ['no edges', [], ['all']],
  ])('%s', (_n, edges, labels) => expect(binLabels(edges)).toEqual(labels));
  test('bins are half-open [e_i, e_i+1); NaN is missing', () => {
    expect(Array.from(binCodes(Float64Array.from([17.99, 18, 24.5, 25, 65, 80, NaN]), AGE_EDGES))).toEqual([0, 1, 1, 2, 6, 6, -1]);
  });
});

let db: NodeDb;
let session: Session;
beforeAll(async () => {
  db = await openNodeDb();
  const mapping = {} as Mapping;
  for (const t of ['orders', 'customers', 'feedback', 'interactions'] as TableName[]) {
    const { columns } = await loadRawFile(db, t, `sample-data/${t}.csv`);
    (mapping as Record<string, unknown>)[t] = { columns, roles: autoRoles(t, columns) };
  }
  session = await openSession(db);
  const r = await session.load(mapping, { version: 1 });
  if (!r.ok) throw new Error(r.error);
});
afterAll(() => db.close());

async function sqlBreakdown(framework: (typeof FRAMEWORKS)[number], dimension: string, edges?: number[]) {
  const d = session.loaded!;
  const dim = dimensionsOf(d.mapping).find((x) => x.name === dimension)!;
  const rows = await db.rows<{ label: string; value: string | null; customers: number }>(
    breakdownSql(labelsQuery(session.config, d.model), framework === 'rfm' ? 'rfm_segment' : framework, dim, edges),
  );
  return rows;
}

describe('NPS per dimension value (SPEC §4 nps: 100 × (promoters − detractors) / those who answered)', () => {
  const labels = ['promoter', 'passive', 'detractor', 'unknown'];
  test.each([
    ['no answer is not in the base', [[5], [3], [2], [90]], [{ score: 30, answered: 10 }]],
    ['only detractors', [[0], [0], [4], [1]], [{ score: -100, answered: 4 }]],
    ['nobody answered: no score', [[0], [0], [0], [7]], [{ score: null, answered: 0 }]],
    ['one score per column', [[1, 0], [1, 0], [0, 2], [0, 0]], [{ score: 50, answered: 2 }, { score: -100, answered: 2 }]],
  ])('%s', (_n, counts, want) => expect(npsByColumn(counts, labels)).toEqual(want));
});

describe('breakdowns on the sample data: live = SQL', () => {
  test('the sample offers every customer attribute and the channel', () => {
    expect(session.dimensions().map((d) => d.name)).toEqual(['age', 'gender', 'region', 'city_tier', 'income_band', 'channel']);
  });
  test.each([
    ['ladder', 'region'], ['value', 'channel'], ['lifecycle', 'income_band'], ['rfm', 'gender'], ['nps', 'city_tier'],
  ] as const)('%s by %s', async (framework, dimension) => {
    const live = await session.breakdown(framework, dimension);
    const sql = await sqlBreakdown(framework, dimension);
    const fromSql = live.labels.map(() => new Array(live.values.length + 1).fill(0));
    for (const r of sql) fromSql[live.labels.indexOf(r.label)][r.value === null ? live.values.length : live.values.indexOf(r.value)] += r.customers;
    expect(live.counts).toEqual(fromSql);
    expect(live.counts.flat().reduce((a, b) => a + b, 0)).toBe(6000);
  });
  test('nps by region: each value\'s NPS score from the SQL labels, over those who answered', async () => {
    const live = await session.breakdown('nps', 'region');
    const sql = await sqlBreakdown('nps', 'region');
    const want = [...live.values, null].map((value) => {
      const n = (label: string) => sql.filter((r) => r.value === value && r.label === label).reduce((a, r) => a + r.customers, 0);
      const answered = n('promoter') + n('passive') + n('detractor');
      return { score: answered ? (100 * (n('promoter') - n('detractor'))) / answered : null, answered };
    });
    expect(live.nps).toEqual(want);
    expect(live.nps!.some((x) => x.score !== null && x.score !== 0)).toBe(true);
    expect((await session.breakdown('ladder', 'region')).nps).toBeUndefined();
  });
  test.each([[undefined], [[30, 50]]])('ladder by age, edges %j', async (edges) => {
    const live = await session.breakdown('ladder', 'age', edges);
    expect(live.edges).toEqual(edges ?? AGE_EDGES);
    const sql = await sqlBreakdown('ladder', 'age', live.edges);
    const fromSql = live.labels.map(() => new Array(live.values.length + 1).fill(0));
    for (const r of sql) fromSql[live.labels.indexOf(r.label)][r.value === null ? live.values.length : Number(r.value)] += r.customers;
    expect(live.counts).toEqual(fromSql);
  });
  test('a threshold move changes the breakdown without touching SQL', async () => {
    const before = await session.breakdown('ladder', 'region');
    await session.apply({ version: 1, ladder: { loyalMinPurchases: 8 } });
    const after = await session.breakdown('ladder', 'region');
    expect(after.counts).not.toEqual(before.counts);
    expect(after.counts.flat().reduce((a, b) => a + b, 0)).toBe(6000);
    await session.apply({ version: 1 });
  });
  test('a filter restricts every count to the chosen values, and clearing it restores everyone', async () => {
    const [{ n }] = await db.rows<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM tb_attributes WHERE region IN ('East China', 'Northwest')`);
    const s = await session.setFilter({ dimension: 'region', values: ['East China', 'Northwest', 'Atlantis'] });
    expect(s.customers).toBe(n);
    for (const fw of FRAMEWORKS) expect(s.counts[fw].reduce((a, c) => a + c.customers, 0), fw).toBe(n);
    expect(s.filter).toEqual({ dimension: 'region', values: ['East China', 'Northwest', 'Atlantis'], of: 6000 });
    const b = await session.breakdown('ladder', 'region');
    const columns = b.values.map((_, j) => b.counts.reduce((a, row) => a + row[j], 0));
    expect(b.values.filter((_, j) => columns[j] > 0).sort()).toEqual(['East China', 'Northwest']);
    expect(s.rfm.cells.reduce((a, c) => a + c.customers, 0)).toBe(s.counts.rfm.filter((c) => c.key !== 'prospect').reduce((a, c) => a + c.customers, 0));
    const all = await session.setFilter(null);
    expect(all.customers).toBe(6000);
    expect(all.filter).toBeNull();
  });
});

// The export under a filter is decided in SQL (filterSql); every count on the page by the live mask. They
// must keep the same customers: checked against the full export, filtered here by its own columns.
describe('a filtered export holds exactly the customers the filter keeps', () => {
  const inBin = (edges: number[], wanted: string[]) => (v: string) => {
    if (v === '') return wanted.includes('');
    const x = Number(v);
    return wanted.includes(binLabels(edges)[edges.filter((e) => x >= e).length]);
  };
  const cases: [string, { dimension: string; values: string[]; edges?: number[] }, string, (v: string) => boolean][] = [
    ['two regions', { dimension: 'region', values: ['East China', 'Northwest'] }, 'region', (v) => v === 'East China' || v === 'Northwest'],
    ['a channel and the customers without one (prospects)', { dimension: 'channel', values: ['web', ''] }, 'channel', (v) => v === 'web' || v === ''],
    ['age bins by the default edges', { dimension: 'age', values: ['< 18', '≥ 65', '35–45'] }, 'age', inBin(AGE_EDGES, ['< 18', '≥ 65', '35–45'])],
    ['age bins by typed edges', { dimension: 'age', values: ['30–50'], edges: [30, 50] }, 'age', inBin([30, 50], ['30–50'])],
    ['a value the data does not have', { dimension: 'gender', values: ['Atlantis'] }, 'gender', () => false],
  ];
  let all: string[];
  beforeAll(async () => { all = await session.exportLines(); });
  test.each(cases)('%s', async (_n, filter, column, keeps) => {
    const col = parseCsvLine(all[0]).indexOf(column);
    const expected = [all[0], ...all.slice(1).filter((line) => keeps(parseCsvLine(line)[col]))];
    const s = await session.setFilter(filter);
    const lines = await session.exportLines(undefined, true);
    expect(lines).toEqual(expected);
    expect(lines.length - 1).toBe(s.customers);
    // A segment's list under the filter: the segment's customers among the kept ones, as its bar counts.
    const ladder = parseCsvLine(all[0]).indexOf('ladder');
    const loyal = await session.exportLines({ framework: 'ladder', label: 'loyal' }, true);
    expect(loyal).toEqual(expected.filter((line, i) => i === 0 || parseCsvLine(line)[ladder] === 'loyal'));
    expect(loyal.length - 1).toBe(s.counts.ladder.find((c) => c.key === 'loyal')!.customers);
    await session.setFilter(null);
  });
  test('not asked for filtered, the export holds everyone while a filter is on', async () => {
    await session.setFilter({ dimension: 'region', values: ['Northwest'] });
    expect(await session.exportLines()).toEqual(all);
    await session.setFilter(null);
  });
});

test('a filter holds when the analysis date moves (the model is rebuilt under it)', async () => {
  await session.setFilter({ dimension: 'region', values: ['Northwest'] });
  const moved = await session.apply({ version: 1, asOf: '2024-01-01' });
  if (!moved.ok) throw new Error(moved.error);
  const [{ all, n }] = await db.rows<{ all: number; n: number }>(`SELECT CAST(count(*) AS INTEGER) AS all, CAST(count(*) FILTER (WHERE region = 'Northwest') AS INTEGER) AS n
    FROM tb_metrics LEFT JOIN tb_attributes USING (idx)`);
  expect(all).toBeLessThan(6000);
  expect(moved.summary.filter).toEqual({ dimension: 'region', values: ['Northwest'], of: all });
  expect(moved.summary.customers).toBe(n);
  expect((await session.exportLines(undefined, true)).length - 1).toBe(n);
  await session.setFilter(null);
  await session.apply({ version: 1 });
});

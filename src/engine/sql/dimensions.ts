// Dimensions (SPEC §4): customer attributes and the derived channel, to break down or filter any framework.
// Numeric attributes are binned by editable edges: bin 0 is `< e1`, bin i is `[e_i, e_i+1)`, the last `>= e_k`.
import type { Mapping } from '../mapping';
import { attributeColumns } from '../mapping';
import { dec, ident, str } from './quote';
import { number } from './values';

export interface Dimension {
  name: string;
  /** Where its values live: tb_attributes (customer columns) or tb_metrics (channel). */
  source: 'attribute' | 'channel';
}

export function dimensionsOf(mapping: Mapping): Dimension[] {
  const dims: Dimension[] = attributeColumns(mapping.customers).map((name) => ({ name, source: 'attribute' }));
  if (mapping.orders.roles.channel) dims.push({ name: 'channel', source: 'channel' });
  return dims;
}

/** The dimension's text value per customer (NULL when missing), joined on idx. */
export function dimensionValue(d: Dimension): string {
  return d.source === 'channel' ? 'mt.channel' : `ca.${ident(d.name)}`;
}

/** A dimension is numeric when it has values and every one is a decimal literal. */
export function isNumericSql(d: Dimension): string {
  const v = dimensionValue(d);
  return `SELECT count(${v}) > 0 AND count(${v}) FILTER (WHERE ${number(v)} IS NULL) = 0 AS numeric
FROM tb_metrics mt JOIN tb_attributes ca USING (idx)`;
}

export const AGE_EDGES = [18, 25, 35, 45, 55, 65];

/** Default edges: the SPEC's for age; otherwise the quartiles of the distinct values (a display choice). */
export function defaultEdgesSql(d: Dimension): string {
  const v = number(dimensionValue(d));
  return `SELECT list(DISTINCT q ORDER BY q) AS edges FROM (
  SELECT CAST(unnest(quantile_disc(x, [0.25, 0.5, 0.75])) AS DOUBLE) AS q
  FROM (SELECT DISTINCT ${v} AS x FROM tb_metrics mt JOIN tb_attributes ca USING (idx) WHERE ${v} IS NOT NULL)
)`;
}

export function isAgeLike(name: string): boolean {
  return /(^|[^a-z])age([^a-z]|$)|年龄|年齡/i.test(name);
}

/** Bin labels for edges: `< 18`, `18–25`, …, `≥ 65`. Bins are half-open: [18, 25) is `18–25`. */
export function binLabels(edges: number[]): string[] {
  if (!edges.length) return ['all'];
  return [`< ${edges[0]}`, ...edges.slice(1).map((e, i) => `${edges[i]}–${e}`), `≥ ${edges[edges.length - 1]}`];
}

/** SQL for the bin index (0..edges.length) of a numeric dimension; NULL when missing. */
export function binSql(d: Dimension, edges: number[]): string {
  const v = number(dimensionValue(d));
  return `CASE WHEN ${v} IS NULL THEN NULL ELSE 0 ${edges.map((e) => `+ CAST(${v} >= ${dec(e)} AS INTEGER)`).join(' ')} END`;
}

/**
 * Customers and monetary per (label, dimension value) of one framework's column in `labelsSql`.
 * `edges` bins a numeric dimension (the value is then the bin index as text). Missing values are NULL.
 */
export function breakdownSql(labelsSql: string, column: string, d: Dimension, edges?: number[]): string {
  const value = edges ? `CAST(${binSql(d, edges)} AS VARCHAR)` : dimensionValue(d);
  return `WITH l AS (${labelsSql})
SELECT l.${ident(column)} AS label, ${value} AS value, CAST(count(*) AS INTEGER) AS customers, CAST(sum(mt.monetary) AS DOUBLE) AS monetary
FROM tb_metrics mt JOIN l USING (idx) JOIN tb_attributes ca USING (idx)
GROUP BY ALL ORDER BY 1, 2 NULLS LAST`;
}

/** Categorical codes per customer in idx order: 0 = missing, k = the k-th distinct value in byte order. */
export function dimensionCodesSql(d: Dimension): string {
  const v = dimensionValue(d);
  return `SELECT CAST(CASE WHEN ${v} IS NULL THEN 0 ELSE dense_rank() OVER (ORDER BY ${v}) END AS DOUBLE) AS code
FROM tb_metrics mt JOIN tb_attributes ca USING (idx) ORDER BY mt.idx`;
}

export function dimensionDictionarySql(d: Dimension): string {
  const v = dimensionValue(d);
  return `SELECT DISTINCT ${v} AS value FROM tb_metrics mt JOIN tb_attributes ca USING (idx) WHERE ${v} IS NOT NULL ORDER BY 1`;
}

/** Numeric values per customer in idx order (NaN when missing), for binning in the live path. */
export function dimensionNumbersSql(d: Dimension): string {
  return `SELECT coalesce(CAST(${number(dimensionValue(d))} AS DOUBLE), 'NaN'::DOUBLE) AS value
FROM tb_metrics mt JOIN tb_attributes ca USING (idx) ORDER BY mt.idx`;
}

/**
 * True for the customers a filter keeps (the export's condition, the SQL twin of live/filter.ts): the
 * dimension's value is one of `values` ('' is missing); for a numeric dimension binned by `edges`, its
 * bin's label is. A value the dimension does not have keeps nobody.
 */
export function filterSql(d: Dimension, values: string[], edges?: number[]): string {
  const missing = values.includes('');
  const present = values.filter((v) => v !== '');
  const parts: string[] = [];
  if (edges) {
    const labels = binLabels(edges);
    const bins = present.map((v) => labels.indexOf(v)).filter((i) => i >= 0);
    if (bins.length) parts.push(`${binSql(d, edges)} IN (${bins.join(', ')})`);
    if (missing) parts.push(`${number(dimensionValue(d))} IS NULL`);
  } else {
    if (present.length) parts.push(`${dimensionValue(d)} IN (${present.map(str).join(', ')})`);
    if (missing) parts.push(`${dimensionValue(d)} IS NULL`);
  }
  return parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
}

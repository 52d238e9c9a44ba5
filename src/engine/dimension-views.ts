// Dimensions of the loaded data (SPEC §4): each read once per dataset as codes or numbers, then broken down
// against any framework's labels, turned into the filter's keep mask, or into the same filter as SQL.
import type { Config } from './config';
import type { Db } from './db';
import { labelKeys, type Framework } from './frameworks';
import type { Mapping } from './mapping';
import type { LiveData } from './live/summary';
import { binCodes, crosstab, npsByColumn } from './live/dimensions';
import { keepMask } from './live/filter';
import type { Breakdown, ColumnReader, Filter } from './session-types';
import { AGE_EDGES, binLabels, defaultEdgesSql, dimensionCodesSql, dimensionDictionarySql, dimensionNumbersSql, dimensionsOf, filterSql, isAgeLike, isNumericSql, type Dimension } from './sql/dimensions';

export interface DimensionData {
  dimension: Dimension;
  numeric: boolean;
  /** Categorical: codes 1..k (0 missing) as k-1; numeric: the values, binned on demand. */
  codes?: Int32Array;
  values?: Float64Array;
  dictionary: string[];
  defaultEdges: number[];
}

/** The loaded data as the dimensions see it: its mapping, live columns and a cache of dimension data. */
export interface DimensionHost {
  readonly loaded: (LiveData & { mapping: Mapping; dimensions: Map<string, DimensionData> }) | null;
  readonly config: Config;
}

export class DimensionViews {
  constructor(private db: Db, private readColumns: ColumnReader, private host: DimensionHost) {}

  private require() {
    const d = this.host.loaded;
    if (!d) throw new Error('no data is loaded yet');
    return d;
  }

  list(): Dimension[] {
    const d = this.host.loaded;
    return d ? dimensionsOf(d.mapping) : [];
  }

  /** Loaded once per dimension and dataset; breakdowns afterwards are pure array work. */
  private async data(name: string): Promise<DimensionData> {
    const d = this.require();
    const cached = d.dimensions.get(name);
    if (cached) return cached;
    const dimension = dimensionsOf(d.mapping).find((x) => x.name === name);
    if (!dimension) throw new Error(`no dimension named "${name}"`);
    const [{ numeric }] = await this.db.rows<{ numeric: boolean }>(isNumericSql(dimension));
    let data: DimensionData;
    if (numeric) {
      const values = Float64Array.from((await this.readColumns(dimensionNumbersSql(dimension))).value);
      const [{ edges }] = await this.db.rows<{ edges: number[] | null }>(defaultEdgesSql(dimension));
      data = { dimension, numeric, values, dictionary: [], defaultEdges: isAgeLike(name) ? AGE_EDGES : [...(edges ?? [])].map(Number) };
    } else {
      const codes = Int32Array.from((await this.readColumns(dimensionCodesSql(dimension))).code, (c) => c - 1);
      const dictionary = (await this.db.rows<{ value: string }>(dimensionDictionarySql(dimension))).map((r) => r.value);
      data = { dimension, numeric, codes, dictionary, defaultEdges: [] };
    }
    d.dimensions.set(name, data);
    return data;
  }

  /** Codes per customer for a dimension (-1 missing) and the value names the codes index. */
  private async codes(dimension: string, edges?: number[]): Promise<{ codes: Int32Array; values: string[]; edges?: number[] }> {
    const dim = await this.data(dimension);
    if (!dim.numeric) return { codes: dim.codes!, values: dim.dictionary };
    const used = edges ?? dim.defaultEdges;
    return { codes: binCodes(dim.values!, used), values: binLabels(used), edges: used };
  }

  /** One per customer: 1 where the filter keeps them ('' stands for "missing"; values the dimension lacks are ignored). */
  async keep(filter: Filter): Promise<Uint8Array> {
    const { codes, values } = await this.codes(filter.dimension, filter.edges);
    const wanted = new Set(filter.values.flatMap((v) => (v === '' ? [-1] : values.includes(v) ? [values.indexOf(v)] : [])));
    return keepMask(codes, wanted);
  }

  /** The filter in force as SQL over the same dimension data and edges its keep mask was made from; none when off. */
  async filterCondition(): Promise<string | undefined> {
    const f = this.require().filter?.spec;
    if (!f) return undefined;
    const dim = await this.data(f.dimension);
    return filterSql(dim.dimension, f.values, dim.numeric ? (f.edges ?? dim.defaultEdges) : undefined);
  }

  async breakdown(framework: Framework, dimension: string, edges?: number[]): Promise<Breakdown> {
    const d = this.require();
    const labels = labelKeys(framework, this.host.config);
    const { codes, values, edges: usedEdges } = await this.codes(dimension, edges);
    const flat = crosstab(d.out.labels[framework], labels.length, codes, values.length, d.filter?.keep);
    const width = values.length + 1;
    const counts = labels.map((_, k) => Array.from(flat.subarray(k * width, (k + 1) * width)));
    return { framework, dimension, labels, values, counts, edges: usedEdges, ...(framework === 'nps' && { nps: npsByColumn(counts, labels) }) };
  }
}

// The session's live trend (SPEC §4a): one series of dates for the config's period at the current as_of
// and data, built date by date as the worker asks, and answered per framework under the config and the
// filter. The session owns the data and the config; this owns the series' per-date columns.
import type { PredictedHost } from './clv-views';
import type { Db } from './db';
import type { Framework } from './frameworks';
import { buildTrendDate, seriesDates, TrendStore, type TrendAnswer, type TrendPlan } from './live/trend';
import { buildTrendPass, passDate } from './live/trend-pass';
import type { ColumnReader } from './session-types';

/** The session as the trend sees it: the data, config and part size in force (what the predictions see too). */
export type TrendHost = PredictedHost;

/**
 * The most a trend's per-date columns may take in the page (decided: docs/time.md). A weekly series over
 * many years of a large customer base would take gigabytes of the tab; it is refused after its first date
 * (which measures a date's cost), naming the size, with the longer period and the command line as ways out.
 */
export const TREND_LIMIT_BYTES = 1024 * 2 ** 20;

const PERIODLY = { week: 'weekly', month: 'monthly', quarter: 'quarterly' } as const;
const LONGER = { week: 'choose a longer period (time.trendPeriod: month or quarter), or ', month: 'choose a longer period (time.trendPeriod: quarter), or ', quarter: '' } as const;
const mib = (bytes: number) => `${Math.ceil(bytes / 2 ** 20).toLocaleString('en-US')} MiB`;

export class TrendViews {
  /** The series' per-date columns; held for one data, as_of and period. */
  private store: TrendStore | null = null;
  /** TREND_LIMIT_BYTES, smaller in tests. */
  limitBytes = TREND_LIMIT_BYTES;

  constructor(private db: Db, private readColumns: ColumnReader, private host: TrendHost) {}

  private require() {
    const d = this.host.loaded;
    if (!d) throw new Error('no data is loaded yet');
    return d;
  }

  /** The trend's dates for `config.time.trendPeriod` and those still to build; new data, as_of or period start over. */
  async plan(framework?: Framework): Promise<TrendPlan> {
    const d = this.require();
    const config = this.host.config;
    const period = config.time.trendPeriod;
    let s = this.store;
    if (!s || s.owner !== d || s.period !== period) {
      this.store = null; // the old series' columns are freed before the new one is built
      const asOf = d.model.asOf;
      s = this.store = new TrendStore(d, period, await seriesDates(this.db, asOf, period), { date: asOf, cols: d.cols, events: d.events, sorted: d.sorted, current: null, kept: null });
    }
    if (framework) s.want(framework, config);
    return s.plan();
  }

  /** Build one date of the current series (replayed, read and dropped); a date of another series is ignored. */
  async buildDate(date: string): Promise<void> {
    const d = this.require();
    const s = this.store;
    if (!s || s.owner !== d || !s.dates.includes(date) || s.has(date)) return;
    // One pass serves every date, unless a date needs its own predicted-value fit (or the data's orders
    // stop being purchases later: trend-pass.ts); then each date is replayed.
    const need = s.need;
    if (need && !need.columns.has('predicted_clv') && s.pass !== null) {
      s.pass ??= await buildTrendPass(this.db, this.readColumns, d.mapping, s.dates.slice(0, -1), d.model.customers, this.host.partRows);
      if (s.pass) {
        s.add(passDate(s.pass, date, need));
        if (!s.plan().pending.length) s.pass = undefined;
        return this.checkSize(s);
      }
    }
    s.add(await buildTrendDate(this.db, this.readColumns, d.mapping, date, undefined, this.host.partRows, need));
    this.checkSize(s);
  }

  /** Refuse a series whose columns would pass the limit, freeing what it built (the rest of the page stays). */
  private checkSize(s: TrendStore): void {
    const bytes = s.projectedBytes();
    if (bytes === null || bytes <= this.limitBytes) return;
    this.store = null;
    const dates = s.dates.length - 1;
    throw new Error(`the ${PERIODLY[s.period]} trend has ${dates.toLocaleString('en-US')} dates before the analysis date: their columns would take about ${mib(bytes)} in this tab (${mib(bytes / dates)} a date), over the ${mib(this.limitBytes)} the page keeps for a trend; ${LONGER[s.period]}write it with the command line: npm run segment -- --trend trend.csv`);
  }

  /** Customers per label of one framework at every date of the built series, under the config and the filter. */
  series(framework: Framework): TrendAnswer {
    const d = this.require();
    const s = this.store;
    if (!s || s.owner !== d) throw new Error('the trend is not built for this data');
    return s.answer(framework, this.host.config, d.filter?.keep);
  }
}

// A trend date's predicted_clv at the config's horizon and discount (SPEC §3a, other dates): each replayed
// date keeps its own fit and inputs, so a horizon or discount move re-predicts its column in place, with no
// refit and no SQL; the numbers are those its tb_clv would hold (the export's text, read back as a double).
import type { ClvHorizon } from '../clv/api';
import type { ClvModel } from '../clv-model';
import { horizonKey } from '../clv/horizon';
import { sortLater, type MetricColumns, type SortedMetrics } from './columns';
import { predictedColumnInto } from './predicted';

/** A date's fit, and the horizon its predicted_clv column holds now. */
export interface DateFit {
  model: ClvModel;
  holds: string;
}

/**
 * Re-predict `cols.predicted_clv` (and its sorted copy) for `horizon`; nothing to do when it holds it already
 * or the fit was refused. True when the column changed.
 */
export function predictAt(fit: DateFit, cols: MetricColumns, sorted: SortedMetrics, horizon: ClvHorizon): boolean {
  const key = horizonKey(horizon);
  if (fit.holds === key) return false;
  fit.holds = key;
  const { model } = fit;
  if (!model.fit.ok) return false;
  const { buyers } = predictedColumnInto(model, cols.predicted_clv, horizon, cols.purchases);
  sortLater(sorted, cols, 'predicted_clv', buyers);
  return true;
}

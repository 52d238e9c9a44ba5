// The holdout check in words: how far the model's purchases are from those made, said as fewer or more
// (a bare "(−13.4%)" left a newcomer asking which way round it was).
import { DICTS, formatPercent, type Lang } from '../i18n';

/** "13.4% fewer than were made", "<0.1% more …", "exactly as many"; null when none were made (no ratio). */
export function holdoutGap(lang: Lang, actual: number, predicted: number): string | null {
  if (!(actual > 0) || !Number.isFinite(predicted)) return null;
  const ratio = predicted / actual - 1;
  return DICTS[lang].clv.holdoutGap(formatPercent(lang, Math.abs(ratio), 1), Math.sign(ratio));
}

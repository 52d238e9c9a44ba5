// Date ticks of a UTC axis in the page's language. Plot's default ("Apr", "Jan\n2023") is English only, so a
// Chinese chart would read "Apr 2022" under a Chinese title; this writes "4月", "1月\n2023年" the same way:
// the month (or the day when ticks fall inside months), and the year under the first tick and where it changes.
import type { Lang } from '../i18n';

const ymd = (x: Date) => [x.getUTCFullYear(), x.getUTCMonth() + 1, x.getUTCDate()] as const;

/** Plot's `tickFormat` for a `utc` x scale: undefined (Plot's own) in English. */
export function dateTicks(lang: Lang): ((x: Date, i: number, all?: Date[]) => string) | undefined {
  if (lang !== 'zh') return undefined;
  return (x, i, all) => {
    const [y, m, d] = ymd(x);
    const ticks = all ?? [x];
    const years = ticks.every((t) => t.getUTCMonth() === 0 && t.getUTCDate() === 1);
    if (years) return `${y}年`;
    const months = ticks.every((t) => t.getUTCDate() === 1);
    const main = months ? `${m}月` : `${m}月${d}日`;
    const prev = i > 0 && all ? all[i - 1].getUTCFullYear() : null;
    return prev === y ? main : `${main}\n${y}年`;
  };
}

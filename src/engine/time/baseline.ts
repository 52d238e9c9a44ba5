// The baseline date of SPEC §4a and §5: null (no baseline) or a day before the analysis date in force.
// A document is not refused for it (that depends on the data); the views and files that need it are.
import type { Config } from '../config';

/** A time view or file that cannot be made as the config stands; the message names the field. */
export class TimeError extends Error {}

/** The baseline must be before as_of (the CLI's words: exit 2, no file). */
export function checkBaseline(baseline: string, asOf: string): void {
  if (!(baseline < asOf)) throw new TimeError(`time.baselineAsOf must be before the analysis date ${asOf}`);
}

/** The config's baseline, checked against as_of; `needs` says what wanted it when it is not set. */
export function baselineOf(config: Config, asOf: string, needs: string): string {
  const b = config.time.baselineAsOf;
  if (b === null) throw new TimeError(`time.baselineAsOf is not set: ${needs} needs a baseline date`);
  checkBaseline(b, asOf);
  return b;
}

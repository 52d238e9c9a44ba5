// Documents made before SPEC revision 2 (link format c1, notebook version 1) open under revision 2.
// The only change of meaning is the default RFM segment order: a document that listed its own segments
// means what it meant; one that used the defaults now gets the new order, and the page says so.
import type { Config } from './schema';

export function rfmOrderChanged(config: Config): boolean {
  return config.rfm.segments === 'default';
}

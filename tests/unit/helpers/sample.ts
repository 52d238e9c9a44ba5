// The bundled sample loaded into a native DuckDB with the page's own mapping guess and staged: the
// independent side of many checks (what the page or a view shows = what the engine computes from the files).
import { detectFormats } from '../../../src/engine/formats';
import type { Mapping } from '../../../src/engine/mapping';
import { stage } from '../../../src/engine/pipeline';
import { guessRoles } from '../../../src/engine/roles';
import type { NodeDb } from '../../../src/node/duckdb';
import { loadRawFile } from '../../../src/node/load';

export async function stageSample(db: NodeDb): Promise<Mapping> {
  let mapping = {} as Mapping;
  for (const t of ['orders', 'customers', 'feedback', 'interactions'] as const) {
    const { columns } = await loadRawFile(db, t, `sample-data/${t}.csv`, {});
    (mapping as Record<string, unknown>)[t] = { columns, roles: guessRoles(t, columns).roles };
  }
  mapping = (await detectFormats(db, mapping)).mapping;
  await stage(db, mapping);
  return mapping;
}

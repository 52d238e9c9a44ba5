// The mapping panel's state: files opened and not yet loaded. Profiles and previews come from the worker.
import type { Workbench } from '../workbench.svelte';
import { DATE_ROLE, type TableName } from '../../engine/mapping';
import type { ReadOptions } from '../../engine/readers/plan';
import { fileSignature } from '../../engine/inspect';
import type { FileMappingDoc } from '../persist/notebook-doc';
import { autoDateFormat, duplicateTables, type Problem, guessedMapping, incomingOf, problems, toInputFile, type Incoming, type RememberedMapping } from './incoming';

const MEMORY_KEY = 'tierbook.mappings';

function remembered(): Record<string, RememberedMapping> {
  try { return JSON.parse(localStorage.getItem(MEMORY_KEY) ?? '{}'); } catch { return {}; }
}

export class Mapping {
  incoming = $state<Incoming[]>([]);
  /** A file that could not even be inspected, named. */
  error = $state<string | null>(null);
  busy = $state(false);

  constructor(private wb: Workbench) {}

  /** Inspect each file in the worker and show the panel; nothing loaded yet, the current data stays. */
  async open(files: File[]) {
    this.error = null;
    this.busy = true;
    const memory = remembered();
    const next: Incoming[] = [];
    for (const file of files) {
      const r = await this.wb.engine.api.inspect({ table: 'orders', name: file.name, source: { file } });
      if (!r.ok) { this.error = r.error; continue; }
      next.push(incomingOf(file, r.value, {}, memory[fileSignature(r.value.columns)]));
    }
    this.incoming = next;
    this.busy = false;
  }

  /** Read the file again with other read options (encoding, delimiter, header, sheet). */
  async reread(index: number, read: ReadOptions) {
    const i = this.incoming[index];
    const r = await this.wb.engine.api.inspect({ table: i.table, name: i.file.name, source: { file: i.file }, read });
    if (!r.ok) { this.error = r.error; return; }
    this.error = null;
    const table = read.sheet !== undefined && read.sheet !== i.read.sheet ? r.value.table : i.table;
    this.incoming[index] = { ...incomingOf(i.file, r.value, read), table, ...guessedMapping(r.value, table) };
  }

  setTable(index: number, table: TableName) {
    const i = this.incoming[index];
    this.incoming[index] = { ...i, table, ...guessedMapping(i.profile, table), remembered: false };
  }

  /** Map a role; mapping a date or number column re-reads how that column is written. */
  setRole(index: number, role: string, column: string) {
    const i = this.incoming[index];
    const roles = { ...i.roles, [role]: column };
    if (!column) delete roles[role];
    const formats: Partial<Incoming> = {};
    // An automatic format stays automatic (the whole column decides at load); a new date column may need asking.
    if (role === DATE_ROLE[i.table] && (i.dateFormat === 'auto' || i.dateFormat === '')) formats.dateFormat = autoDateFormat(i.profile, i.table, roles);
    this.incoming[index] = { ...i, roles, ...formats };
  }

  setFormats(index: number, f: { dateFormat?: Incoming['dateFormat']; numberStyle?: Incoming['numberStyle'] }) {
    this.incoming[index] = { ...this.incoming[index], ...f };
  }

  remove(index: number) {
    this.incoming = this.incoming.filter((_, k) => k !== index);
  }

  /** What still stops the load, in the page's words. */
  get blockers(): string[] {
    const m = this.wb.dict.mapping;
    const d = this.wb.dict;
    const said = (p: Problem) =>
      p.kind === 'role' ? m.needsRole(d.tables[p.table] ?? p.table, m.roles[p.role] ?? p.role) : p.kind === 'answer' ? m.needsAnswer : m.needsDateFormat;
    return [
      ...this.incoming.flatMap((i) => problems(i).map((p) => `${i.file.name}: ${said(p)}`)),
      ...duplicateTables(this.incoming).map((t) => m.twoFiles(d.tables[t] ?? t)),
    ];
  }

  /** Load the mapped files; the panel closes only when the load succeeds (the previous data stays otherwise). */
  async load() {
    if (this.blockers.length) return;
    const list = $state.snapshot(this.incoming) as Incoming[];
    const inputs = list.map((i, k) => ({ ...toInputFile(i), source: { file: this.incoming[k].file } }));
    const ok = await this.wb.load(inputs, { text: list.map((i) => i.file.name).join(', ') });
    if (!ok) return;
    const docs = list.map((i) => ({ signature: fileSignature(i.profile.columns), name: i.file.name, table: i.table, read: i.read, roles: i.roles, dateFormat: i.dateFormat, numberStyle: i.numberStyle }));
    this.wb.fileMappings = docs;
    this.remember(docs);
    this.incoming = [];
    await this.wb.keptFiles.keep(inputs);
  }

  /** Keep mappings by column signature, so the same files map themselves next time (a saved notebook's too). */
  remember(docs: FileMappingDoc[]) {
    const memory = remembered();
    for (const { signature, name: _name, ...m } of docs) memory[signature] = m;
    try { localStorage.setItem(MEMORY_KEY, JSON.stringify(memory)); } catch { /* storage full or off: the mapping is simply not remembered */ }
  }

  cancel() {
    this.incoming = [];
    this.error = null;
  }
}

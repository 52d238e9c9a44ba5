// Add a cell and bring it to the user: scrolled to the top of the view, focus on its first button (the
// control that added it may be gone, as the Value cell's "Show the Predicted value cell" is once it exists).
import { tick } from 'svelte';
import type { CellKind } from './notebook';
import type { Workbench } from './workbench.svelte';

export async function addAndShow(wb: Workbench, kind: CellKind): Promise<void> {
  wb.add(kind);
  await tick();
  const added = [...document.querySelectorAll<HTMLElement>(`section.cell[data-cell="${kind}"]`)].at(-1);
  added?.scrollIntoView({ block: 'start' });
  added?.querySelector<HTMLElement>('button')?.focus({ preventScroll: true });
}

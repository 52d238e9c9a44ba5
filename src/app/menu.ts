// Menus (Share and save, the export choice) close when the user is done with them: on Escape, and on a
// press anywhere outside. Actions inside close them too (each caller does, after acting).

/** A Svelte action: `use:dismissable={close}` on the menu's outer element. */
export function dismissable(node: HTMLElement, close: () => void) {
  let onClose = close;
  const outside = (e: PointerEvent) => {
    if (!node.contains(e.target as Node)) onClose();
  };
  const escape = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    const inside = node.contains(document.activeElement);
    onClose();
    // Focus goes back to the menu's own button, not to the top of the page.
    if (inside) node.querySelector<HTMLElement>('summary, button')?.focus();
  };
  document.addEventListener('pointerdown', outside, true);
  document.addEventListener('keydown', escape);
  return {
    update(next: () => void) { onClose = next; },
    destroy() {
      document.removeEventListener('pointerdown', outside, true);
      document.removeEventListener('keydown', escape);
    },
  };
}

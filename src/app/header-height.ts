// The sticky header's height as --header-h on the page: the filter bar sticks right below it and a control
// scrolled into view clears it, however many lines the header wraps to (English wraps at 1280 px).
export function headerHeight(node: HTMLElement): { destroy(): void } {
  const root = document.documentElement;
  const set = () => root.style.setProperty('--header-h', `${node.offsetHeight}px`);
  const observer = new ResizeObserver(set);
  observer.observe(node);
  set();
  return { destroy: () => observer.disconnect() };
}

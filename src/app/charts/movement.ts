// The movement flow: baseline labels on the left, current labels on the right, one band per non-empty
// (from, to) pair, coloured by its SPEC §4a direction. d3-sankey lays the nodes and bands out; the SVG is
// drawn here (Plot has no Sankey mark). Pure function of data + options, like every chart.
import { sankey, sankeyLinkHorizontal, type SankeyLink, type SankeyNode } from 'd3-sankey';
import type { Framework } from '../../engine/frameworks';
import type { FrameworkMovement } from '../../engine/live/movement';
import { formatNumber, labelName } from '../i18n';
import { FONT, textWidth, type ChartOptions } from './common';
import { fromName, moveKind } from '../view/movement';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Band colours by move: up green, down red, new teal, changed violet, stayed grey. */
export const MOVE_COLOURS = { up: '#2b8a3e', down: '#e03131', new: '#0ca678', changed: '#7048e8', same: '#adb5bd' } as const;

type Node = { id: string; name: string; side: 'from' | 'to' };
type Link = { source: number; target: number; value: number; from: string; to: string };

export interface FlowOptions extends ChartOptions {
  framework: Framework;
  /** Column headings: the baseline (its date or "pinned config") and now. */
  left: string;
  right: string;
}

export function movementFlow(m: FrameworkMovement, o: FlowOptions): SVGSVGElement {
  const d = o.dict;
  const fw = o.framework;
  const nodes: Node[] = [
    ...m.from.map((k) => ({ id: `from:${k}`, name: fromName(d, fw, k), side: 'from' as const })),
    ...m.to.map((k) => ({ id: `to:${k}`, name: labelName(d, fw, k), side: 'to' as const })),
  ];
  const links: Link[] = [];
  m.from.forEach((a, r) => m.to.forEach((b, c) => {
    const value = m.counts[r * m.to.length + c];
    if (value > 0) links.push({ source: r, target: m.from.length + c, value, from: a, to: b });
  }));
  // Labels with nobody on either side take no room.
  const used = new Set(links.flatMap((l) => [l.source, l.target]));
  const keep = nodes.map((_, i) => used.has(i));
  const index = new Map<number, number>();
  const shown = nodes.filter((_, i) => keep[i] && index.set(i, index.size));
  const shownLinks = links.map((l) => ({ ...l, source: index.get(l.source)!, target: index.get(l.target)! }));

  const total = links.reduce((a, l) => a + l.value, 0);
  const label = (n: Node & { value?: number }) => `${n.name} ${formatNumber(o.lang, n.value ?? 0)}`;
  const margin = Math.min(o.width / 3, 16 + Math.max(60, ...shown.map((n) => textWidth(label({ ...n, value: total })))));
  // A title row (the download carries it, as Plot's titled charts do), then the column headings.
  const height = Math.max(240, 44 + shown.length * 18);
  const layout = sankey<Node, Link>().nodeWidth(12).nodePadding(8).nodeSort(null).linkSort(null)
    .extent([[margin, 48], [o.width - margin, height - 8]]);
  const graph = shown.length ? layout({ nodes: shown.map((n) => ({ ...n })), links: shownLinks.map((l) => ({ ...l })) }) : { nodes: [], links: [] };

  const svg = el('svg', { width: o.width, height, viewBox: `0 0 ${o.width} ${height}`, role: 'img', 'aria-label': `${d.kinds.movement}${o.dict.colon}${d.kinds[fw]}`, 'font-family': FONT, 'font-size': 12 }) as SVGSVGElement;
  svg.append(el('title', {}, `${d.kinds.movement}${o.dict.colon}${d.kinds[fw]}`));
  svg.append(el('text', { x: 0, y: 14, 'text-anchor': 'start', 'font-weight': 'bold', 'font-size': 14, 'data-title': '' }, `${d.kinds.movement}${o.dict.colon}${d.kinds[fw]}`));
  svg.append(el('text', { x: margin, y: 36, 'text-anchor': 'start', 'font-weight': 'bold' }, o.left));
  svg.append(el('text', { x: o.width - margin, y: 36, 'text-anchor': 'end', 'font-weight': 'bold' }, o.right));
  const path = sankeyLinkHorizontal<Node, Link>();
  for (const l of graph.links as SankeyLink<Node, Link>[]) {
    const p = el('path', { d: path(l) ?? '', fill: 'none', stroke: MOVE_COLOURS[moveKind(fw, l.from, l.to)], 'stroke-opacity': 0.45, 'stroke-width': Math.max(1, l.width ?? 1), 'data-move': `${l.from}>${l.to}` });
    p.append(el('title', {}, `${fromName(d, fw, l.from)} → ${labelName(d, fw, l.to)}${o.dict.colon}${formatNumber(o.lang, l.value)}`));
    svg.append(p);
  }
  const drawn = graph.nodes as SankeyNode<Node, Link>[];
  for (const n of drawn) svg.append(el('rect', { x: n.x0!, y: n.y0!, width: (n.x1 ?? 0) - (n.x0 ?? 0), height: Math.max(1, (n.y1 ?? 0) - (n.y0 ?? 0)), fill: '#495057' }));
  // Thin nodes side by side would print their labels on top of each other: each side's labels are spread
  // a line apart, and one moved off its node gets a leader line to it.
  for (const side of ['from', 'to'] as const) {
    const mine = drawn.filter((n) => n.side === side);
    const centres = mine.map((n) => ((n.y0 ?? 0) + (n.y1 ?? 0)) / 2);
    const ys = dodge(centres, LINE_GAP, 48 + LINE_GAP / 2, height - LINE_GAP / 2);
    mine.forEach((n, i) => {
      const left = side === 'from';
      const moved = Math.abs(ys[i] - centres[i]) > 2;
      const edge = left ? n.x0! : n.x1!;
      const out = left ? -1 : 1;
      if (moved) svg.append(el('line', { x1: edge + out, y1: centres[i], x2: edge + 5 * out, y2: ys[i], stroke: '#868e96', 'stroke-width': 0.75 }));
      svg.append(el('text', { x: edge + (moved ? 8 : 6) * out, y: ys[i], dy: '0.35em', 'text-anchor': left ? 'end' : 'start' }, label(n)));
    });
  }
  return svg;
}

/** Vertical room one node label needs (12 px text). */
const LINE_GAP = 15;

/**
 * Label positions as near their wanted `ys` as they can be, in the same order, at least `gap` apart and
 * within [lo, hi]: pushed down where they crowd, then the run is pulled back up if it passed the bottom.
 */
export function dodge(ys: readonly number[], gap: number, lo: number, hi: number): number[] {
  const order = ys.map((_, i) => i).sort((a, b) => ys[a] - ys[b]);
  const out = [...ys];
  let prev = -Infinity;
  for (const i of order) prev = out[i] = Math.max(ys[i], prev + gap, lo);
  let next = Infinity;
  for (const i of [...order].reverse()) next = out[i] = Math.min(out[i], next - gap, hi);
  return out;
}

function el(name: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(SVG_NS, name) as SVGElement;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

// A chart as the page shows it, as one standalone SVG (and a PNG drawn from it). Plot draws a titled
// chart as a <figure> holding an <h2> title, its legends (swatches are HTML with one tiny <svg> each, a
// colour ramp is its own <svg>) and the chart's <svg>; picking any one <svg> loses the rest. Here every
// piece is placed where the page laid it out, so the file holds the title, legend, axes, marks and labels.
const SVG_NS = 'http://www.w3.org/2000/svg';

export interface ChartImage {
  /** The standalone SVG document. */
  svg: string;
  /** Its size in CSS pixels: the chart's rendered size (grown to anything drawn outside it, so nothing is cut) and IMAGE_MARGIN each side. */
  width: number;
  height: number;
}

type Box = { left: number; top: number; right: number; bottom: number };

/** White space around the chart in a downloaded file (CSS pixels): the title does not touch the image's edge. */
export const IMAGE_MARGIN = 16;

/** The element Chart.svelte hosts: Plot's <figure>, or a bare <svg> for a chart with no title or legend. */
export function chartRoot(host: Element): Element | null {
  return host.firstElementChild;
}

export function composeChart(root: Element): ChartImage {
  const r = root.getBoundingClientRect();
  const box: Box = { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  const svgs = outerSvgs(root);
  const texts = htmlTexts(root);
  // Text Plot lets overflow its frame (e.g. labels beside the last bar) still belongs to the chart.
  for (const s of svgs) for (const t of s.querySelectorAll('text')) grow(box, t.getBoundingClientRect());
  for (const t of texts) grow(box, t.rect);
  box.left -= IMAGE_MARGIN;
  box.top -= IMAGE_MARGIN;
  box.right += IMAGE_MARGIN;
  box.bottom += IMAGE_MARGIN;
  const width = round(box.right - box.left);
  const height = round(box.bottom - box.top);

  const out = document.createElementNS(SVG_NS, 'svg');
  out.setAttribute('xmlns', SVG_NS);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(height));
  out.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const style = getComputedStyle(root);
  out.setAttribute('font-family', style.fontFamily);
  // The page's language goes with the image: without it a Chinese chart's full-width punctuation took a
  // Japanese font's glyph (a colon centred in its cell) when the image was drawn.
  const lang = root.closest('[lang]')?.getAttribute('lang');
  if (lang) {
    out.setAttribute('lang', lang);
    out.setAttributeNS('http://www.w3.org/XML/1998/namespace', 'xml:lang', lang);
  }
  // Plot draws axes and labels in currentColor: the page's text colour, written down.
  out.setAttribute('color', style.color);
  const background = document.createElementNS(SVG_NS, 'rect');
  for (const [k, v] of Object.entries({ width: '100%', height: '100%', fill: '#fff' })) background.setAttribute(k, v);
  out.append(background);
  for (const s of svgs) out.append(placedSvg(s, box));
  for (const t of texts) out.append(placedText(t, box));
  return { svg: new XMLSerializer().serializeToString(out), width, height };
}

/**
 * PNG at the device pixel ratio, and at least twice the rendered size: an image made on an ordinary screen
 * (ratio 1) went blurry on a slide or in print. Width and height are the rendered size times the scale.
 */
export async function composePng(root: Element, scale = Math.max(2, window.devicePixelRatio || 1)): Promise<Blob | null> {
  const image = composeChart(root);
  const url = URL.createObjectURL(new Blob([image.svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = Object.assign(document.createElement('canvas'), { width: Math.ceil(image.width * scale), height: Math.ceil(image.height * scale) });
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, image.width, image.height);
    return await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

const round = (x: number) => Math.round(x * 100) / 100;

function grow(box: Box, r: DOMRect | Box): void {
  if (r.right - r.left <= 0 && r.bottom - r.top <= 0) return;
  box.left = Math.min(box.left, r.left);
  box.top = Math.min(box.top, r.top);
  box.right = Math.max(box.right, r.right);
  box.bottom = Math.max(box.bottom, r.bottom);
}

/** Every <svg> not inside another one, in document order (the root itself when it is one). */
function outerSvgs(root: Element): SVGSVGElement[] {
  if (root instanceof SVGSVGElement) return [root];
  return [...root.querySelectorAll('svg')].filter((s) => !s.parentElement?.closest('svg') && s.getBoundingClientRect().width > 0);
}

/**
 * A copy of an <svg> at its place: a new <svg> with its viewBox and rendered size, holding a <g> that
 * carries the original's class (Plot's <style> rules select by it), inherited attributes and children.
 * The copy is not nested as is: CSS sizing rules Plot writes for a top-level <svg> would resize it.
 */
function placedSvg(svg: SVGSVGElement, box: Box): SVGSVGElement {
  const r = svg.getBoundingClientRect();
  const place = document.createElementNS(SVG_NS, 'svg');
  const viewBox = svg.getAttribute('viewBox') ?? `0 0 ${svg.getAttribute('width') ?? r.width} ${svg.getAttribute('height') ?? r.height}`;
  for (const [k, v] of Object.entries({ x: round(r.left - box.left), y: round(r.top - box.top), width: round(r.width), height: round(r.height), viewBox, overflow: 'visible' }))
    place.setAttribute(k, String(v));
  const g = document.createElementNS(SVG_NS, 'g');
  for (const a of svg.attributes) if (!['width', 'height', 'viewBox', 'xmlns', 'x', 'y'].includes(a.name)) g.setAttribute(a.name, a.value);
  for (const child of svg.childNodes) g.append(child.cloneNode(true));
  place.append(g);
  return place;
}

interface HtmlText {
  text: string;
  rect: DOMRect;
  style: CSSStyleDeclaration;
}

/** Text outside any <svg> (the title, swatch labels, a caption), one piece per rendered line. */
function htmlTexts(root: Element): HtmlText[] {
  if (root instanceof SVGElement) return [];
  const out: HtmlText[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('svg, style, script') || !node.textContent?.trim()) continue;
    const style = getComputedStyle(parent);
    if (style.visibility === 'hidden') continue;
    for (const line of linesOf(node as Text)) out.push({ ...line, style });
  }
  return out;
}

/** A text node's rendered lines: one range per line box (a long title may wrap). */
function linesOf(node: Text): { text: string; rect: DOMRect }[] {
  const range = document.createRange();
  range.selectNodeContents(node);
  const rects = [...range.getClientRects()].filter((r) => r.width > 0);
  if (rects.length <= 1) return rects.length ? [{ text: node.data.trim(), rect: rects[0] }] : [];
  const lines: { text: string; rect: DOMRect }[] = [];
  let start = 0;
  let top = NaN;
  for (let i = 0; i <= node.data.length; i++) {
    let t = NaN;
    if (i < node.data.length) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      t = range.getBoundingClientRect().top;
    }
    if (i === node.data.length || (!Number.isNaN(top) && Math.abs(t - top) > 1)) {
      range.setStart(node, start);
      range.setEnd(node, i);
      const text = node.data.slice(start, i).trim();
      if (text) lines.push({ text, rect: range.getBoundingClientRect() });
      start = i;
    }
    if (!Number.isNaN(t)) top = t;
  }
  return lines;
}

let measure: CanvasRenderingContext2D | null = null;

/** An SVG <text> drawn where the HTML text was: same font, same colour, the same baseline. */
function placedText(t: HtmlText, box: Box): SVGTextElement {
  const s = t.style;
  const font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
  measure ??= document.createElement('canvas').getContext('2d');
  let ascent = parseFloat(s.fontSize) * 0.8;
  let descent = parseFloat(s.fontSize) * 0.2;
  if (measure) {
    measure.font = font;
    const m = measure.measureText(t.text);
    if (m.fontBoundingBoxAscent) ({ fontBoundingBoxAscent: ascent, fontBoundingBoxDescent: descent } = m);
  }
  // The line's box centres the font's ascent + descent: the baseline sits `ascent` below that top.
  const baseline = t.rect.top + (t.rect.height - ascent - descent) / 2 + ascent;
  const text = document.createElementNS(SVG_NS, 'text');
  const attrs = {
    x: round(t.rect.left - box.left), y: round(baseline - box.top), fill: s.color,
    'font-family': s.fontFamily, 'font-size': s.fontSize, 'font-weight': s.fontWeight, 'font-style': s.fontStyle,
  };
  for (const [k, v] of Object.entries(attrs)) text.setAttribute(k, String(v));
  text.textContent = t.text;
  return text;
}

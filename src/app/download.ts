// Saving what the page shows: a blob as a file, a chart as SVG or PNG. No request leaves the page.
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function svgOf(host: Element): SVGSVGElement | null {
  return host.querySelector('svg:not([class$="-swatch"])') ?? host.querySelector('svg');
}

export function chartSvg(host: Element): Blob | null {
  const svg = svgOf(host);
  if (!svg) return null;
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return new Blob([new XMLSerializer().serializeToString(copy)], { type: 'image/svg+xml' });
}

export async function chartPng(host: Element, scale = 2): Promise<Blob | null> {
  const svg = svgOf(host);
  const blob = chartSvg(host);
  if (!svg || !blob) return null;
  const { width, height } = svg.getBoundingClientRect();
  const url = URL.createObjectURL(blob);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = Object.assign(document.createElement('canvas'), { width: Math.ceil(width * scale), height: Math.ceil(height * scale) });
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

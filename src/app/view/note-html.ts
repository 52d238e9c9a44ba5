// A note's markdown as HTML that can only sit inside its own box: no scripts or handlers (DOMPurify's
// defaults), and nothing that could style, position, frame or fetch (a note opened from someone else's
// notebook must never hide or cover another cell, nor reach another host).
import DOMPurify from 'dompurify';
import { marked } from 'marked';

const FORBID_TAGS = [
  'style', 'link', 'meta', 'base', 'iframe', 'frame', 'frameset', 'object', 'embed', 'portal', 'form', 'input', 'button', 'textarea',
  'select', 'option', 'dialog', 'svg', 'math', 'video', 'audio', 'source', 'track', 'picture', 'template', 'slot', 'marquee',
];
// class and id could borrow the page's own styles (a `cell` or `updating` class); sizes could push cells away.
const FORBID_ATTR = ['style', 'class', 'id', 'width', 'height', 'srcset', 'sizes', 'name', 'popover', 'autofocus', 'tabindex', 'form', 'formaction', 'ping', 'background', 'poster'];

let purifier: ReturnType<typeof DOMPurify> | null = null;
function purify(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  const p = DOMPurify(window);
  // Links open apart from the workbench and say nothing of where they came from.
  p.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A' && node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });
  return (purifier = p);
}

export function noteHtml(markdown: string): string {
  const html = marked.parse(markdown, { async: false }) as string;
  return purify().sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS, FORBID_ATTR, ALLOW_DATA_ATTR: false });
}

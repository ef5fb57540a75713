/**
 * Subsonic's XML form of a JSON answer: scalars are attributes, objects are
 * child elements, arrays are repeated elements of their key's name, and a
 * `value` key is the element's text (lyrics lines).
 */

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);
// Characters XML 1.0 cannot carry at all, even escaped.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to remove.
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const text = (value: unknown) => escapeXml(String(value).replace(INVALID_XML_CHARS, ''));

type Node = Record<string, unknown>;

const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

export function element(name: string, node: Node): string {
  const attributes: string[] = [];
  const children: string[] = [];
  let body = '';
  for (const [key, value] of Object.entries(node)) {
    if (value === undefined || value === null) continue;
    if (key === 'value' && isScalar(value)) body = text(value);
    else if (Array.isArray(value)) {
      for (const item of value) children.push(isScalar(item) ? `<${key}>${text(item)}</${key}>` : element(key, item as Node));
    } else if (typeof value === 'object') children.push(element(key, value as Node));
    else attributes.push(` ${key}="${text(value)}"`);
  }
  const inner = body + children.join('');
  return inner ? `<${name}${attributes.join('')}>${inner}</${name}>` : `<${name}${attributes.join('')}/>`;
}

export const xmlDocument = (name: string, node: Node, namespace: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>${element(name, { xmlns: namespace, ...node })}`;

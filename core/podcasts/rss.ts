/**
 * A reader for the subset of RSS 2.0 (with the iTunes namespace) a podcast import
 * needs: the channel's title, description, author and image, and per item its
 * title, description, guid and enclosure. Not a general XML parser: it skips
 * comments, processing instructions and doctypes, understands CDATA and the XML
 * entities, and ignores every element it does not name. Returns null when the
 * document is not an RSS feed (no `<rss>` root with a `<channel>`).
 */

export interface FeedItem {
  title: string;
  description: string;
  /** The item's guid, else its enclosure's URL: what a re-import recognises it by. */
  guid: string;
  enclosure: { url: string; type: string; length: number | null } | null;
}

export interface Feed {
  title: string;
  description: string;
  author: string;
  imageUrl: string | null;
  items: FeedItem[];
}

interface Element {
  name: string;
  attributes: Record<string, string>;
  children: Element[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref] ?? whole;
  });
}

const TAG = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const ATTRIBUTE = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The element tree of a document, or null when it is not well-formed enough to read. */
function parseXml(xml: string): Element | null {
  const root: Element = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const top = stack[stack.length - 1]!;
    if (lt < 0) {
      top.text += decodeEntities(xml.slice(i));
      break;
    }
    if (lt > i) top.text += decodeEntities(xml.slice(i, lt));
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end < 0) return null;
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end < 0) return null;
      top.text += xml.slice(lt + 9, end);
      i = end + 3;
    } else if (xml.startsWith('<?', lt) || xml.startsWith('<!', lt)) {
      const end = xml.indexOf('>', lt);
      if (end < 0) return null;
      i = end + 1;
    } else {
      TAG.lastIndex = lt;
      const tag = TAG.exec(xml);
      if (!tag) return null;
      const [whole, closing, name, attributeText, selfClosing] = tag;
      i = lt + whole.length;
      if (closing) {
        if (top.name !== name || stack.length === 1) return null;
        stack.pop();
        continue;
      }
      const attributes: Record<string, string> = {};
      for (const a of attributeText!.matchAll(ATTRIBUTE)) attributes[a[1]!] = decodeEntities(a[2] ?? a[3] ?? '');
      const element: Element = { name: name!, attributes, children: [], text: '' };
      top.children.push(element);
      if (!selfClosing) stack.push(element);
    }
  }
  return stack.length === 1 ? root : null;
}

const child = (el: Element, name: string) => el.children.find((c) => c.name === name);
const textOf = (el: Element, name: string) => child(el, name)?.text.trim() ?? '';

export function parseRss(xml: string): Feed | null {
  const doc = parseXml(xml.replace(/^\uFEFF/, ''));
  const rss = doc?.children.find((c) => c.name === 'rss');
  const channel = rss && child(rss, 'channel');
  if (!channel) return null;
  const image = child(channel, 'itunes:image')?.attributes.href ?? (child(channel, 'image') && textOf(child(channel, 'image')!, 'url'));
  return {
    title: textOf(channel, 'title'),
    description: textOf(channel, 'description') || textOf(channel, 'itunes:summary'),
    author: textOf(channel, 'itunes:author'),
    imageUrl: image || null,
    items: channel.children.filter((c) => c.name === 'item').map(itemOf),
  };
}

function itemOf(item: Element): FeedItem {
  const enc = child(item, 'enclosure');
  const enclosure = enc?.attributes.url
    ? {
        url: enc.attributes.url.trim(),
        type: enc.attributes.type?.trim() ?? '',
        length: /^\d+$/.test(enc.attributes.length ?? '') ? Number(enc.attributes.length) : null,
      }
    : null;
  return {
    title: textOf(item, 'title') || textOf(item, 'itunes:title'),
    description: textOf(item, 'description') || textOf(item, 'itunes:summary'),
    guid: textOf(item, 'guid') || enclosure?.url || '',
    enclosure,
  };
}

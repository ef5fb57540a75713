import { PREVIEW_SECONDS } from '#core/protocol/preview.ts';
import type { ShareableKind, SharedObject } from './shared-object.ts';

/** Text and attribute values for HTML: titles are whatever an artist or listener typed. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The page's script and hls.js are static assets of the web build (web/public/share, web/vite.config.ts). */
export const SHARE_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self'; media-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// Colours from the web player (web/src/styles.css); text and links are over 7:1 on the background.
const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#e8eaf0;background:#111318}
main{max-width:36rem;margin:0 auto;padding:1.5rem 1rem}
img{display:block;width:100%;max-width:20rem;height:auto;aspect-ratio:1;border-radius:8px;background:#1b1e26}
h1{font-size:1.6rem;line-height:1.25;margin:1rem 0 .25rem;overflow-wrap:anywhere}
p{margin:.25rem 0 1rem;color:#c3cad8;overflow-wrap:anywhere}
audio{display:block;width:100%;margin:1rem 0}
a{color:#4ade80;font-weight:600}
a:focus-visible,audio:focus-visible{outline:2px solid #4ade80;outline-offset:2px}
.open{display:inline-block;padding:.6rem 1rem;border:2px solid #4ade80;border-radius:999px;text-decoration:none}
`;

function htmlDocument(head: string[], body: string[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${head.join('\n')}
<style>${STYLE}</style>
</head>
<body>
<main>
${body.join('\n')}
</main>
</body>
</html>
`;
}

/** OpenGraph has music types but none for podcasts: a show or an episode is a plain website. */
const OG_TYPES: Record<ShareableKind, string> = {
  track: 'music.song',
  album: 'music.album',
  playlist: 'music.playlist',
  artist: 'profile',
  show: 'website',
  episode: 'website',
};

const meta = (attribute: 'property' | 'name', key: string, value: string) => `<meta ${attribute}="${key}" content="${escapeHtml(value)}">`;

/** The share page of one object: OpenGraph and Twitter card tags, the cover, a 30 s preview, a link into the web player. */
export function sharePage(object: SharedObject, pageUrl: string, origin: string): string {
  const absolute = (path: string) => new URL(path, origin).href;
  const title = escapeHtml(object.title);
  const head = [
    `<title>${title} · Encore</title>`,
    meta('name', 'description', object.description),
    meta('property', 'og:site_name', 'Encore'),
    meta('property', 'og:type', OG_TYPES[object.kind]),
    meta('property', 'og:title', object.title),
    meta('property', 'og:description', object.description),
    meta('property', 'og:url', pageUrl),
    ...(object.imageUrl ? [meta('property', 'og:image', absolute(object.imageUrl)), meta('property', 'og:image:alt', `Cover of ${object.title}`)] : []),
    ...(object.previewUrl
      ? [meta('property', 'og:audio', absolute(object.previewUrl)), meta('property', 'og:audio:type', 'application/vnd.apple.mpegurl')]
      : []),
    meta('name', 'twitter:card', object.imageUrl ? 'summary_large_image' : 'summary'),
    meta('name', 'twitter:title', object.title),
    meta('name', 'twitter:description', object.description),
    ...(object.imageUrl ? [meta('name', 'twitter:image', absolute(object.imageUrl))] : []),
    ...(object.previewUrl ? ['<script src="/share/preview.js" defer></script>'] : []),
  ];
  const body = [
    object.imageUrl ? `<img src="${escapeHtml(object.imageUrl)}" width="640" height="640" alt="Cover of ${title}">` : '',
    `<h1>${title}</h1>`,
    `<p>${escapeHtml(object.description)}</p>`,
    object.previewUrl
      ? `<audio controls preload="none" data-preview="${escapeHtml(object.previewUrl)}" aria-label="${PREVIEW_SECONDS}-second preview of ${title}"></audio>`
      : '',
    `<a class="open" href="${escapeHtml(object.openPath)}">Open in Encore</a>`,
  ];
  return htmlDocument(head, body.filter(Boolean));
}

export function notFoundPage(): string {
  return htmlDocument(
    ['<title>Link not found · Encore</title>', '<meta name="robots" content="noindex">'],
    ['<h1>This link leads nowhere</h1>', '<p>The share link is wrong, or what it named is no longer shared.</p>', '<a class="open" href="/">Go to Encore</a>'],
  );
}

import { createHash } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { encodePng } from '../../scripts/lib/cover-art.mjs';

/**
 * What makes the web player installable, generated at build time (nothing is
 * fetched, no image files are committed): the web app manifest, its icons
 * (drawn here: Encore's green disc with a note), and `app-shell.json`, the list
 * of files the service worker stores at install so the app opens offline.
 */

const BACKGROUND = [0x11, 0x13, 0x18];
const ACCENT = [0x4a, 0xde, 0x80];

interface Icon {
  file: string;
  size: number;
  purpose: 'any' | 'maskable';
}
const ICONS: Icon[] = [
  { file: 'icons/icon-192.png', size: 192, purpose: 'any' },
  { file: 'icons/icon-512.png', size: 512, purpose: 'any' },
  // Full bleed, with the note inside the central 80 % circle every mask keeps.
  { file: 'icons/maskable-512.png', size: 512, purpose: 'maskable' },
];

export const MANIFEST = {
  name: 'Encore',
  short_name: 'Encore',
  description: 'Stream, download and share music.',
  id: '/',
  start_url: '/home',
  scope: '/',
  display: 'standalone',
  orientation: 'any',
  background_color: '#111318',
  theme_color: '#111318',
  icons: ICONS.map((i) => ({ src: `/${i.file}`, sizes: `${i.size}x${i.size}`, type: 'image/png', purpose: i.purpose })),
};

const distanceToSegment = (px: number, py: number, ax: number, ay: number, bx: number, by: number) => {
  const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
};

/** Whether a point (in units of the note's box, 0..1) is on the eighth note: head, stem and flag. */
function onNote(x: number, y: number): boolean {
  const head = ((x - 0.4) / 0.15) ** 2 + ((y - 0.75) / 0.11) ** 2 <= 1;
  const stem = x >= 0.49 && x <= 0.55 && y >= 0.14 && y <= 0.74;
  const flag = distanceToSegment(x, y, 0.52, 0.17, 0.76, 0.4) <= 0.05;
  return head || stem || flag;
}

/** One icon, 4 samples a pixel for smooth edges. */
export async function iconPng(size: number, purpose: Icon['purpose']): Promise<Uint8Array> {
  const rgb = new Uint8Array(size * size * 3);
  const noteBox = purpose === 'maskable' ? 0.5 : 0.56;
  const colourAt = (u: number, v: number) => {
    const nx = (u - 0.5) / noteBox + 0.5;
    const ny = (v - 0.5) / noteBox + 0.5;
    if (onNote(nx, ny)) return BACKGROUND;
    if (purpose === 'maskable') return ACCENT;
    return Math.hypot(u - 0.5, v - 0.5) <= 0.47 ? ACCENT : BACKGROUND;
  };
  const offsets = [0.25, 0.75];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0];
      for (const oy of offsets)
        for (const ox of offsets) {
          const c = colourAt((x + ox) / size, (y + oy) / size);
          for (let k = 0; k < 3; k++) sum[k]! += c[k]!;
        }
      for (let k = 0; k < 3; k++) rgb[(y * size + x) * 3 + k] = Math.round(sum[k]! / 4);
    }
  }
  return encodePng(size, size, rgb);
}

export function pwaAssets(): Plugin {
  let outDir = '';
  let shellJson = '';
  return {
    name: 'encore-pwa-assets',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async generateBundle(_options, bundle) {
      for (const icon of ICONS) this.emitFile({ type: 'asset', fileName: icon.file, source: await iconPng(icon.size, icon.purpose) });
      this.emitFile({ type: 'asset', fileName: 'manifest.webmanifest', source: `${JSON.stringify(MANIFEST, null, 2)}\n` });
      // Scripts and styles of the app (not their source maps, not the API docs' Swagger UI), the manifest and its icons,
      // stored at install. hls.js is left for its first use to store (115 kB of a first visit's data, for a visitor
      // who may never press play); it stays listed, so the worker keeps that copy and downloads play offline.
      const assets = Object.keys(bundle)
        .filter((f) => f.startsWith('assets/') && /\.(js|css)$/.test(f))
        .map((f) => `/${f}`);
      const lazy = assets.filter((f) => f.startsWith('/assets/hls.'));
      const files = ['/', '/manifest.webmanifest', ...ICONS.map((i) => `/${i.file}`), ...assets.filter((f) => !lazy.includes(f))];
      shellJson = `${JSON.stringify({ files, lazy })}\n`;
      this.emitFile({ type: 'asset', fileName: 'app-shell.json', source: shellJson });
    },
    // A browser installs a new service worker only when sw.js changes: stamping it with the shell's hash makes each
    // build that changes the shell store its files again (sw.js is copied from public/ as it is).
    closeBundle() {
      const sw = path.join(outDir, 'sw.js');
      if (shellJson && existsSync(sw)) appendFileSync(sw, `// app shell ${createHash('sha256').update(shellJson).digest('hex').slice(0, 16)}\n`);
    },
  };
}

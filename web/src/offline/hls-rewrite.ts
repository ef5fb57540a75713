/** Reading and rewriting HLS playlists for offline storage. */

export interface Variant {
  bandwidth: number;
  streamInf: string;
  uri: string;
}

/** The variants of a master playlist, URIs resolved against its URL. */
export function variantsOf(master: string, baseUrl: string): Variant[] {
  const lines = master.split(/\r?\n/);
  const out: Variant[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.startsWith('#EXT-X-STREAM-INF:')) continue;
    const uri = lines.slice(i + 1).find((l) => l.trim() && !l.startsWith('#'));
    const bandwidth = Number(/(?:^|[:,])BANDWIDTH=(\d+)/.exec(line)?.[1] ?? 0);
    if (uri) out.push({ bandwidth, streamInf: line, uri: new URL(uri.trim(), baseUrl).toString() });
  }
  return out;
}

export const highest = (variants: Variant[]): Variant | undefined => [...variants].sort((a, b) => b.bandwidth - a.bandwidth)[0];

export interface MediaFiles {
  /** The media playlist with every URI replaced by a local name. */
  playlist: string;
  /** local name → absolute signed source URL */
  files: Map<string, string>;
  /** local segment name → the hex IV (`0x…`) its AES-128 `#EXT-X-KEY` names, for an offline (encrypted) copy. */
  ivs: Map<string, string>;
}

/**
 * Rewrites a media playlist's init segment (EXT-X-MAP) and segment URIs to local
 * names. An offline copy's `#EXT-X-KEY` tags are taken out and their IVs kept by
 * segment: the service worker decrypts as it serves, so the player reads plain fMP4.
 */
export function localizeMedia(media: string, baseUrl: string): MediaFiles {
  const files = new Map<string, string>();
  const ivs = new Map<string, string>();
  let iv: string | null = null;
  let n = 0;
  const lines = media.split(/\r?\n/).flatMap((line) => {
    if (line.startsWith('#EXT-X-KEY:')) {
      if (!/METHOD=AES-128\b/.test(line)) {
        iv = null;
        return [];
      }
      iv = /IV=(0x[0-9A-Fa-f]{32})/.exec(line)?.[1] ?? null;
      // Without an IV the segment's sequence number would be one; Encore's stream worker always names it.
      if (!iv) throw new Error('The offline copy names a key without an IV.');
      return [];
    }
    if (line.startsWith('#EXT-X-MAP:')) {
      return line.replace(/URI="([^"]+)"/, (_, uri: string) => {
        files.set('init.mp4', new URL(uri, baseUrl).toString());
        return 'URI="init.mp4"';
      });
    }
    if (!line.trim() || line.startsWith('#')) return line;
    const name = `seg-${n++}.m4s`;
    files.set(name, new URL(line.trim(), baseUrl).toString());
    if (iv) ivs.set(name, iv);
    return name;
  });
  return { playlist: lines.join('\n'), files, ivs };
}

/** A master playlist naming only the stored rendition. */
export const localMaster = (variant: Variant): string => `#EXTM3U\n#EXT-X-VERSION:7\n${variant.streamInf}\nmedia.m3u8\n`;

/** The first segment (and init segment) a player would fetch from a media playlist: for prefetching. */
export function firstSegments(media: string, baseUrl: string): string[] {
  const { files } = localizeMedia(media, baseUrl);
  return [files.get('init.mp4'), files.get('seg-0.m4s')].filter((u): u is string => Boolean(u));
}

import { Forbidden } from '#core/errors.ts';
import { ivHex, offlineEncryptionKey, segmentIv } from '#core/offline-key.ts';
import { offlineKeyPath, parseLicenseRef, type LicenseRef } from '#core/protocol/offline.ts';

/**
 * Offline copies (the `offline` signature scope): HLS AES-128, so what a
 * download stores is useless without the key its licensee fetches from the
 * api worker (core/protocol/offline.ts). Media segments are encrypted whole
 * with AES-128-CBC and PKCS#7 padding, each under its own IV; the init segment
 * (codec configuration, no audio) stays plain, which is why each `#EXT-X-KEY`
 * comes after the `#EXT-X-MAP`: a key tag before the map would apply to it.
 *
 * The edge cache keeps the plaintext segment (shared by every listener and
 * tier); each offline response is encrypted on its way out, under its own
 * listener's key, and is `private`: a shared cache keyed by listener would
 * hold a copy per download and hardly ever hit.
 */

/** The license an offline signature names; the MAC already vouched for it, so a malformed one is a bug, refused all the same. */
export function licenseOf(license: string | undefined): LicenseRef {
  const ref = license === undefined ? null : parseLicenseRef(license);
  if (!ref) throw new Forbidden('This offline URL names no valid license.', 'signature_invalid');
  return ref;
}

/** The name a segment's IV is derived from: its rendition and file (`256k/seg_00001.m4s`). */
export const segmentName = (rendition: string, file: string): string => `${rendition}/${file}`;

/**
 * A media playlist with an `#EXT-X-KEY` (METHOD=AES-128, the license's key URL,
 * the segment's own IV) before every segment; a master (no `#EXTINF`) as it is.
 * `playlistPath` resolves the segment URIs to the names their IVs come from.
 */
export async function withSegmentKeys(playlist: string, playlistPath: string, trackId: string): Promise<string> {
  if (!playlist.includes('#EXTINF:')) return playlist;
  const base = new URL(playlistPath, 'https://playlist.invalid');
  const keyUri = offlineKeyPath(trackId);
  const out: string[] = [];
  let segmentStart: number | null = null;
  for (const line of playlist.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed.startsWith('#EXTINF:')) segmentStart = out.length;
    if (trimmed !== '' && !trimmed.startsWith('#') && segmentStart !== null) {
      const parts = new URL(trimmed, base).pathname.split('/');
      const iv = await segmentIv(segmentName(parts.at(-2)!, parts.at(-1)!));
      out.splice(segmentStart, 0, `#EXT-X-KEY:METHOD=AES-128,URI="${keyUri}",IV=${ivHex(iv)}`);
      segmentStart = null;
    }
    out.push(line);
  }
  return out.join('\n');
}

/** A plaintext segment encrypted for one licensee, as `#EXT-X-KEY` describes it. */
export async function encryptSegment(secret: string, license: LicenseRef, name: string, plain: ArrayBuffer): Promise<ArrayBuffer> {
  const [key, iv] = await Promise.all([offlineEncryptionKey(secret, license), segmentIv(name)]);
  return crypto.subtle.encrypt({ name: 'AES-CBC', iv }, key, plain);
}

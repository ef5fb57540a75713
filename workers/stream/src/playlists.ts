import { Hono, type Context } from 'hono';
import { NotFound } from '#core/errors.ts';
import { mediaKeys } from '#core/protocol/transcode.ts';
import { ceilingForScope } from '#core/protocol/tiers.ts';
import { PREVIEW_SECONDS } from '#core/protocol/preview.ts';
import { signPath, type SignatureScope, type SigningKeys } from '#core/signing.ts';
import { compressFor } from './compression.ts';
import { edgeCacheKey } from './edge-cache.ts';
import { licenseOf, withSegmentKeys } from './offline-encryption.ts';
import { cutToPreview } from './preview-cut.ts';
import { playbackLifetime, requireSignature, type SignedVariables } from './signature-guard.ts';
import { limitMaster, requireRenditionInTier } from './tier-limit.ts';

type SignedRoute = { Bindings: Env; Variables: SignedVariables };

/** Longest a client may reuse a signed playlist: short, and never past the signature's expiry. */
const PLAYLIST_MAX_AGE_SECONDS = 300;
/** The raw playlists of a ladder never change (the hash names their content), so the edge copy may live long. */
const RAW_PLAYLIST_EDGE_TTL_SECONDS = 86_400;

/**
 * Rewrites every URI in an HLS playlist (URI lines and any `URI="..."` attribute,
 * e.g. `#EXT-X-MAP`, `#EXT-X-MEDIA`) into an absolute, signed path expiring at
 * `expiresAt`. Only URIs that resolve inside the ladder (`ladderRoot`) are signed:
 * a playlist can never hand out access to anything else. Each is signed with
 * `scope` too, so a preview's URIs lead only to preview playlists (and an
 * offline one's with its `license`, so every segment is encrypted for it).
 */
export async function rewritePlaylist(
  text: string,
  playlistPath: string,
  ladderRoot: string,
  expiresAt: number,
  signing: SigningKeys,
  scope: SignatureScope | null = null,
  license: string | null = null,
): Promise<string> {
  const base = new URL(playlistPath, 'https://playlist.invalid');
  const signed = new Map<string, Promise<string>>();
  const sign = (uri: string): Promise<string> => {
    let result = signed.get(uri);
    if (!result) {
      const resolved = new URL(uri, base);
      const inLadder = resolved.origin === base.origin && resolved.pathname.startsWith(ladderRoot);
      result = inLadder ? signPath(resolved.pathname, expiresAt, signing, scope, license) : Promise.resolve(uri);
      signed.set(uri, result);
    }
    return result;
  };

  const lines = text.split(/\r?\n/);
  const rewritten = await Promise.all(
    lines.map(async (line) => {
      const trimmed = line.trim();
      if (trimmed === '') return line;
      if (!trimmed.startsWith('#')) return sign(trimmed);
      const uris = [...trimmed.matchAll(/URI="([^"]*)"/g)].map((m) => m[1]!);
      if (uris.length === 0) return line;
      const replacements = await Promise.all(uris.map(sign));
      let i = 0;
      return trimmed.replace(/URI="([^"]*)"/g, () => `URI="${replacements[i++]}"`);
    }),
  );
  return rewritten.join('\n');
}

/** The playlist as the transcoder wrote it: from the edge cache (keyed by path, not signature), else R2. */
async function rawPlaylist(c: Context<SignedRoute>, r2Key: string): Promise<string | null> {
  const cacheKey = edgeCacheKey(c.req.url);
  const cached = await caches.default.match(cacheKey);
  // Decoded by hand: Response.text() warns about the non-text playlist media type.
  if (cached) return new TextDecoder().decode(await cached.arrayBuffer());
  const object = await c.env.MEDIA.get(r2Key);
  if (!object) return null;
  const text = await object.text();
  const copy = new Response(text, {
    headers: { 'Content-Type': 'application/vnd.apple.mpegurl', 'Cache-Control': `public, max-age=${RAW_PLAYLIST_EDGE_TTL_SECONDS}` },
  });
  c.executionCtx.waitUntil(caches.default.put(cacheKey, copy));
  return text;
}

async function servePlaylist(c: Context<SignedRoute>, hash: string, relativePath: string): Promise<Response> {
  const raw = await rawPlaylist(c, mediaKeys.inLadder(hash, relativePath));
  if (raw === null) throw new NotFound('No such playlist.', 'playlist_not_found');
  const scope = c.var.signedScope;
  // A preview's media playlists list only the segments of its first seconds: the rest never get a signature;
  // a tier's master lists only the renditions within it; an offline copy's segments each name their key.
  const path = new URL(c.req.url).pathname;
  const license = c.var.signedLicense ?? null;
  const text =
    scope === 'preview'
      ? cutToPreview(raw, PREVIEW_SECONDS)
      : scope === 'offline'
        ? await withSegmentKeys(raw, path, licenseOf(c.var.signedLicense).trackId)
        : limitMaster(raw, ceilingForScope(scope));
  const expiresAt = c.var.signedUntil;
  const body = await rewritePlaylist(text, path, `/media/${mediaKeys.ladderRoot(hash)}/`, expiresAt, c.var.signing, scope, license);
  const maxAge = Math.max(0, Math.min(PLAYLIST_MAX_AGE_SECONDS, expiresAt - Math.floor(Date.now() / 1000)));
  const headers = new Headers({
    'Content-Type': 'application/vnd.apple.mpegurl',
    'Cache-Control': `private, max-age=${maxAge}`,
    Vary: 'Accept-Encoding',
  });
  return compressFor(c.req.header('Accept-Encoding'), body, headers);
}

export const playlistRoutes = new Hono<SignedRoute>()
  .get('/:hash/:name{[A-Za-z0-9_-]+\\.m3u8}', requireSignature(playbackLifetime), (c) => servePlaylist(c, c.req.param('hash'), c.req.param('name')))
  .get('/:hash/:rendition/:name{[A-Za-z0-9_-]+\\.m3u8}', requireSignature(playbackLifetime), requireRenditionInTier, (c) =>
    servePlaylist(c, c.req.param('hash'), `${c.req.param('rendition')}/${c.req.param('name')}`),
  );

import type { SignedStream } from '#core/protocol/catalog-views.ts';
import { type Product, scopeForProduct } from '#core/protocol/tiers.ts';
import { mediaKeys } from '#core/protocol/transcode.ts';
import { signingKeysFrom, signPath, type SignatureScope } from '#core/signing.ts';

/** Relative to the origin; the stream worker serves the media bucket's keys under /media. */
export function masterPlaylistPath(audioHash: string): string {
  return `/media/${mediaKeys.master(audioHash)}`;
}

/**
 * What a signed master leads to: the whole track's, or (`preview`) its first 30 s (the
 * stream worker cuts media playlists signed with that scope), or a tier's renditions
 * (`free`, core/protocol/tiers.ts), or an offline copy encrypted under `license`
 * (`offline`, core/protocol/offline.ts).
 */
export async function signedMasterPlaylist(
  env: Env,
  audioHash: string,
  now = Date.now(),
  scope: SignatureScope | null = null,
  license: string | null = null,
): Promise<SignedStream> {
  const expiresAt = Math.floor(now / 1000) + Number(env.STREAM_URL_TTL_SECONDS);
  return {
    hls_url: await signPath(masterPlaylistPath(audioHash), expiresAt, signingKeysFrom(env), scope, license),
    expires_at: new Date(expiresAt * 1000).toISOString(),
  };
}

/** A listener's master: the renditions of their tier. Anyone without a token listens as free. */
export const signedMasterFor = (env: Env, audioHash: string, product: Product | null): Promise<SignedStream> =>
  signedMasterPlaylist(env, audioHash, Date.now(), scopeForProduct(product ?? 'free'));

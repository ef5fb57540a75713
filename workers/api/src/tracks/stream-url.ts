import type { SignedStream } from '#core/protocol/catalog-views.ts';
import { mediaKeys } from '#core/protocol/transcode.ts';
import { signingKeysFrom, signPath, type SignatureScope } from '#core/signing.ts';

/** Relative to the origin; the stream worker serves the media bucket's keys under /media. */
export function masterPlaylistPath(audioHash: string): string {
  return `/media/${mediaKeys.master(audioHash)}`;
}

/** The whole track's master, or (`preview`) its first 30 s: the stream worker cuts media playlists signed with that scope. */
export async function signedMasterPlaylist(env: Env, audioHash: string, now = Date.now(), scope: SignatureScope | null = null): Promise<SignedStream> {
  const expiresAt = Math.floor(now / 1000) + Number(env.STREAM_URL_TTL_SECONDS);
  return {
    hls_url: await signPath(masterPlaylistPath(audioHash), expiresAt, signingKeysFrom(env), scope),
    expires_at: new Date(expiresAt * 1000).toISOString(),
  };
}

import type { SignedStream } from '#core/protocol/catalog-views.ts';
import { mediaKeys } from '#core/protocol/transcode.ts';
import { signingKeysFrom, signPath } from '#core/signing.ts';

/** Relative to the origin; the stream worker serves the media bucket's keys under /media. */
export function masterPlaylistPath(audioHash: string): string {
  return `/media/${mediaKeys.master(audioHash)}`;
}

export async function signedMasterPlaylist(env: Env, audioHash: string, now = Date.now()): Promise<SignedStream> {
  const expiresAt = Math.floor(now / 1000) + Number(env.STREAM_URL_TTL_SECONDS);
  return {
    hls_url: await signPath(masterPlaylistPath(audioHash), expiresAt, signingKeysFrom(env)),
    expires_at: new Date(expiresAt * 1000).toISOString(),
  };
}

import { signingKeysFrom, signPath } from '../../../../core/signing.ts';

export interface SignedStream {
  /** Relative to the origin; the stream worker serves it under /media. */
  hls_url: string;
  expires_at: string;
}

export function masterPlaylistPath(audioHash: string): string {
  return `/media/hls/${audioHash}/master.m3u8`;
}

export async function signedMasterPlaylist(env: Env, audioHash: string, now = Date.now()): Promise<SignedStream> {
  const expiresAt = Math.floor(now / 1000) + Number(env.STREAM_URL_TTL_SECONDS);
  return {
    hls_url: await signPath(masterPlaylistPath(audioHash), expiresAt, signingKeysFrom(env)),
    expires_at: new Date(expiresAt * 1000).toISOString(),
  };
}

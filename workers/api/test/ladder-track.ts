import { env } from 'cloudflare:workers';
import { inject } from 'vitest';
import { mediaKeys } from '#core/protocol/transcode.ts';
import { newIdOn } from '#core/shards.ts';
import type { HlsFixture } from '../../../test/support/hls-fixture-contract.ts';

/** The real ladder the globalSetup encoded with ffmpeg (test/support/hls-fixture.ts). */
export const fixture = inject('hlsFixture');
/** The same with the transcoder's lossless rendition (FLAC, 24-bit/48 kHz). */
export const losslessFixture = inject('hlsLosslessFixture');
export const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));

/**
 * A ready track on catalog shard `shard` whose audio is the fixture ladder, put
 * in R2 as the transcoder leaves it (every file, then meta.json) under a fresh hash;
 * a ladder with a lossless rendition marks the track lossless, as the queue consumer does.
 */
export async function readyTrackWithLadder(shard: 1 | 2, artistName: string, ladder: HlsFixture = fixture): Promise<{ trackId: string; hash: string }> {
  const hash = [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');
  await Promise.all(Object.entries(ladder.files).map(([file, b64]) => env.MEDIA.put(mediaKeys.inLadder(hash, file), fromBase64(b64))));
  const renditions = [64, 128, 256].map((kbps) => ({
    name: `${kbps}k`,
    bitrate_kbps: kbps,
    bandwidth: kbps * 1100,
    average_bandwidth: kbps * 1000,
    codecs: 'mp4a.40.2',
  }));
  // The lossless fixture's FLAC rendition (24-bit/48 kHz), as the transcoder would report it.
  const lossless = ladder.renditions.includes('lossless');
  if (lossless) renditions.push({ name: 'lossless', bitrate_kbps: 1500, bandwidth: 1_600_000, average_bandwidth: 1_500_000, codecs: 'fLaC' });
  const meta = {
    content_hash: hash,
    duration_ms: 15_000,
    loudness_lufs: -14,
    renditions,
    ...(lossless ? { lossless: { bit_depth: 24, sample_rate: 48_000 } } : {}),
  };
  await env.MEDIA.put(mediaKeys.meta(hash), JSON.stringify({ ...meta, reused: false }));
  const db = shard === 1 ? env.CATALOG_1 : env.CATALOG_2;
  const artistId = newIdOn(env, 'art', shard);
  const trackId = newIdOn(env, 'trk', shard);
  await db.batch([
    db.prepare('INSERT INTO artists (id, name) VALUES (?, ?)').bind(artistId, artistName),
    db
      .prepare(
        "INSERT INTO tracks (id, artist_id, title, duration_ms, status, audio_hash, lossless_bit_depth, lossless_sample_rate) VALUES (?, ?, 'Tone', 15000, 'ready', ?, ?, ?)",
      )
      .bind(trackId, artistId, hash, ...(lossless ? [24, 48_000] : [null, null])),
  ]);
  return { trackId, hash };
}

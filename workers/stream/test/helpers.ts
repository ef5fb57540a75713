import { exports, env } from 'cloudflare:workers';
import { inject } from 'vitest';
import { INGEST_TOKEN_TTL_SECONDS, mintIngestToken } from '#core/ingest-token.ts';
import { signPath, signingKeysFrom, type SigningKeys } from '#core/signing.ts';
import type { HlsFixture } from '../../../test/support/hls-fixture-contract.ts';

export const BASE = env.MEDIA_ORIGIN;

export const inSeconds = (seconds: number): number => Math.floor(Date.now() / 1000) + seconds;

/** What the playback routes accept: no URL that outlives the api worker's STREAM_URL_TTL_SECONDS. */
export const playback = { maxLifetimeSeconds: Number(env.STREAM_URL_TTL_SECONDS) };

/** The real ladder the globalSetup encoded with ffmpeg. */
export const fixture: HlsFixture = inject('hlsFixture');
/** The same, 45 s long: longer than a preview. */
export const longFixture: HlsFixture = inject('hlsLongFixture');

export const fromBase64 = (b64: string): Uint8Array => Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));

/** Calls the stream worker's own fetch handler, the way the api worker's /media/* forwarding does. */
export function media(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(path.startsWith('http') ? path : `${BASE}${path}`, { redirect: 'manual', ...init }));
}

/** The job every ingest helper writes as, with a token the queue consumer would have minted for it. */
export const JOB_ID = 'upl0_test.1';
export const ingestBase = (jobId = JOB_ID): string => `http://${env.INGEST_HOST}/media/ingest/jobs/${jobId}`;
export const ingestAuth = { Authorization: `Bearer ${await mintIngestToken(env.INGEST_SECRET, JOB_ID, inSeconds(INGEST_TOKEN_TTL_SECONDS))}` };

/** A PUT on the ingest host (where the transcoder's requests arrive), bearer the job's token. */
export function ingest(hash: string, file: string, body: BodyInit, init: RequestInit = {}): Promise<Response> {
  return media(`${ingestBase()}/hls/${hash}/${file}`, { method: 'PUT', body, ...init, headers: { ...ingestAuth, ...init.headers } });
}

/** A fresh content hash, so no test sees another's R2 objects or edge-cache entries. */
export function freshHash(): string {
  return [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Puts the whole fixture ladder into R2 through the real ingest path, playlists
 * and segments first and meta.json last, as the transcoder does. Returns its hash.
 */
export async function ingestLadder(hash = freshHash(), ladder: HlsFixture = fixture): Promise<string> {
  for (const [file, b64] of Object.entries(ladder.files)) {
    const res = await ingest(hash, file, fromBase64(b64));
    if (res.status !== 201) throw new Error(`ingest of ${file} failed: ${res.status} ${await res.text()}`);
  }
  const meta = JSON.stringify({ content_hash: hash, renditions: ladder.renditions });
  const res = await ingest(hash, 'meta.json', meta, { headers: { 'Content-Type': 'application/json' } });
  if (res.status !== 201) throw new Error(`ingest of meta.json failed: ${res.status}`);
  return hash;
}

export const signing: SigningKeys = signingKeysFrom(env);
/** The same key set, signing with the retired-but-still-accepted `old0` key. */
export const oldKeySigning: SigningKeys = { ...signing, current: 'old0' };

export function signed(path: string, expiresAt = inSeconds(3600), keys: SigningKeys = signing): Promise<string> {
  return signPath(path, expiresAt, keys);
}

/** Response bodies in tests are whatever the worker sent; assertions check their shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const body = (res: Response): Promise<any> => res.json();

export const bytes = async (res: Response): Promise<Uint8Array> => new Uint8Array(await res.arrayBuffer());

/** Cache writes and deletes run in waitUntil after the response; wait (bounded) until the entry is (or is not) there. */
export async function untilCached(key: string, present = true): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (Boolean(await caches.default.match(key)) === present) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${key} never ${present ? 'reached' : 'left'} the cache`);
}

/** A playlist body as text (Response.text() warns on the playlist media type). */
export const text = async (res: Response): Promise<string> => new TextDecoder().decode(await res.arrayBuffer());

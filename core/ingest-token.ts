import { CLOCK_SKEW_SECONDS, fromBase64Url, toBase64Url } from './signing.ts';

/**
 * Per-job ingest tokens. The transcode-queue worker mints one for each job
 * attempt and sends it in the TranscodeRequest; the transcoder presents it as
 * its bearer on the stream worker's ingest path, which names the job
 * (`/media/ingest/jobs/{job_id}/…`); the stream worker checks it. A token is
 * worth one job for a quarter of an hour, not the whole bucket forever.
 *
 *   token = "v1." + exp + "." + base64url(HMAC-SHA256(INGEST_SECRET, "encore-ingest-v1\n" + job_id + "\n" + exp))
 *
 * The purpose prefix keeps these MACs apart from media URL signatures.
 */

/** Just over the queue consumer's 14-minute wait for the transcoder: no job writes for longer. */
export const INGEST_TOKEN_TTL_SECONDS = 15 * 60;

const encoder = new TextEncoder();

function payload(jobId: string, expiresAt: number): Uint8Array<ArrayBuffer> {
  return encoder.encode(`encore-ingest-v1\n${jobId}\n${expiresAt}`) as Uint8Array<ArrayBuffer>;
}

function hmacKey(secret: string): Promise<CryptoKey> {
  if (!secret) throw new Error('INGEST_SECRET is not set');
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

export async function mintIngestToken(secret: string, jobId: string, expiresAt: number): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret), payload(jobId, expiresAt));
  return `v1.${expiresAt}.${toBase64Url(mac)}`;
}

export type IngestTokenCheck = { ok: true } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' | 'too_long' };

/** Checks a bearer token against the job the request names (constant-time MAC check, bounded expiry). */
export async function verifyIngestToken(secret: string, jobId: string, token: string, nowSeconds = Math.floor(Date.now() / 1000)): Promise<IngestTokenCheck> {
  const match = /^v1\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  const mac = match && fromBase64Url(match[2]!);
  if (!match || !mac) return { ok: false, reason: 'malformed' };
  const expiresAt = Number(match[1]);
  if (!(await crypto.subtle.verify('HMAC', await hmacKey(secret), mac, payload(jobId, expiresAt)))) return { ok: false, reason: 'bad_signature' };
  if (expiresAt < nowSeconds) return { ok: false, reason: 'expired' };
  if (expiresAt > nowSeconds + INGEST_TOKEN_TTL_SECONDS + CLOCK_SKEW_SECONDS) return { ok: false, reason: 'too_long' };
  return { ok: true };
}

import { INGEST_TOKEN_TTL_SECONDS, mintIngestToken } from '#core/ingest-token.ts';
import { type LadderProfile, SOURCE_URL_TTL_SECONDS, TranscodeFailure, TranscodeResult, type TranscodeRequest } from '#core/protocol/transcode.ts';
import { signingKeysFrom, signPath } from '#core/signing.ts';

/** The transcoder answers when the job is done; give up a little before a queue consumer's 15-minute limit. */
const TRANSCODER_TIMEOUT_MS = 14 * 60 * 1000;

export type TranscodeAttempt =
  | { kind: 'done'; result: TranscodeResult }
  | { kind: 'permanent'; code: string; message: string }
  | { kind: 'transient'; reason: string; retryAfterSeconds?: number };

export type TranscoderEnv = Pick<
  Env,
  'TRANSCODER_URL' | 'TRANSCODER_SECRET' | 'MEDIA_ORIGIN' | 'INGEST_ORIGIN' | 'INGEST_SECRET' | 'SIGNING_KEYS' | 'SIGNING_KEY_ID'
>;

/**
 * The job the transcoder gets: a short-lived signed URL of the source (public
 * origin), and where to put the ladder (the ingest origin only the transcoder
 * reaches) with a token good for this job attempt alone.
 */
export async function transcodeRequest(
  env: TranscoderEnv,
  uploadId: string,
  jobId: string,
  now = Date.now(),
  profile: LadderProfile = 'music',
): Promise<TranscodeRequest> {
  const origin = env.MEDIA_ORIGIN.replace(/\/+$/, '');
  const nowSeconds = Math.floor(now / 1000);
  const sourcePath = await signPath(`/media/sources/${uploadId}`, nowSeconds + SOURCE_URL_TTL_SECONDS, signingKeysFrom(env));
  return {
    job_id: jobId,
    profile,
    source_url: `${origin}${sourcePath}`,
    ingest_url: `${env.INGEST_ORIGIN.replace(/\/+$/, '')}/media/ingest/jobs/${encodeURIComponent(jobId)}`,
    ingest_token: await mintIngestToken(env.INGEST_SECRET, jobId, nowSeconds + INGEST_TOKEN_TTL_SECONDS),
  };
}

/**
 * Runs one transcode on the transcoder service and sorts its answer: a result,
 * a permanent failure (the file itself is bad), or anything else, which is
 * transient: unreachable, timed out, 5xx, or an answer we cannot read.
 */
export async function requestTranscode(env: TranscoderEnv, request: TranscodeRequest): Promise<TranscodeAttempt> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(`${env.TRANSCODER_URL.replace(/\/+$/, '')}/jobs`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${env.TRANSCODER_SECRET}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(TRANSCODER_TIMEOUT_MS),
    });
    text = await res.text();
  } catch (err) {
    return { kind: 'transient', reason: `transcoder unreachable: ${err instanceof Error ? err.message : String(err)}` };
  }
  const json = parseJson(text);
  if (res.ok) {
    const result = TranscodeResult.safeParse(json);
    if (result.success) return { kind: 'done', result: result.data };
    return { kind: 'transient', reason: `transcoder answered ${res.status} with a body that is not a TranscodeResult` };
  }
  const failure = TranscodeFailure.safeParse(json);
  if (failure.success && failure.data.error.permanent) {
    return { kind: 'permanent', code: failure.data.error.code, message: failure.data.error.message };
  }
  const retryAfter = Number(res.headers.get('Retry-After'));
  return {
    kind: 'transient',
    reason: `transcoder answered ${res.status}${failure.success ? ` ${failure.data.error.code}: ${failure.data.error.message}` : ''}`,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

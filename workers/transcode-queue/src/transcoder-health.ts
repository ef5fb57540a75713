import type { TranscoderEnv } from './transcoder-client.ts';

/** A health probe must answer well before the api's health route gives up on us. */
const HEALTH_TIMEOUT_MS = 2000;

export type TranscoderHealth = { transcoder: 'ok' | 'down'; reason?: string };

/**
 * Whether the transcoder (the Container in production, the dev process in
 * `npm run dev`) answers its /health. Only this worker knows TRANSCODER_URL, so
 * the api worker's health route asks here (GET /health on the service binding).
 */
export async function checkTranscoder(env: Pick<TranscoderEnv, 'TRANSCODER_URL'>): Promise<TranscoderHealth> {
  try {
    const res = await fetch(`${env.TRANSCODER_URL.replace(/\/+$/, '')}/health`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    await res.body?.cancel();
    return res.ok ? { transcoder: 'ok' } : { transcoder: 'down', reason: `answered ${res.status}` };
  } catch (err) {
    return { transcoder: 'down', reason: err instanceof Error ? err.message : String(err) };
  }
}

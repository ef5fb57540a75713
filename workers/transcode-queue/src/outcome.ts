/** What became of one queue message: settled for good (ack) or worth another try (retry). */
export type JobOutcome = { action: 'ack'; note: string } | { action: 'retry'; reason: string; retryAfterSeconds?: number };

export const ack = (note: string): JobOutcome => ({ action: 'ack', note });
export const retry = (reason: string, retryAfterSeconds?: number): JobOutcome => ({ action: 'retry', reason, retryAfterSeconds });

const BASE_DELAY_SECONDS = 10;
const MAX_DELAY_SECONDS = 600;

/** Exponential backoff from the delivery count (1 on the first delivery): 10 s, 20 s, 40 s, ... capped at 10 min. */
export function retryDelaySeconds(attempts: number, retryAfterSeconds = 0): number {
  const backoff = BASE_DELAY_SECONDS * 2 ** Math.max(0, attempts - 1);
  return Math.min(MAX_DELAY_SECONDS, Math.max(backoff, retryAfterSeconds));
}

/**
 * Retrying transient D1 errors, in one place. Cloudflare's "Retry queries" page
 * (developers.cloudflare.com/d1/best-practices/retry-queries) names the messages a
 * retry can cure; the D1 error list (d1/observability/debug-d1) adds the reset
 * after a storage timeout and the transient remote-node failure. Anything else
 * (SQL errors, constraint failures, type errors) fails the same way every time
 * and is thrown at once.
 */
const TRANSIENT_MESSAGES = [
  'Network connection lost',
  'storage caused object to be reset',
  'reset because its code was updated',
  'storage operation exceeded timeout',
  'transient issue on remote node',
];

export function isTransientD1Error(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return TRANSIENT_MESSAGES.some((m) => message.includes(m));
}

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** The backoff before try n+1 is random in [0, min(maxDelayMs, baseDelayMs * 2^n)) ("full jitter"). */
  baseDelayMs: number;
  maxDelayMs: number;
}

// D1 itself already retries read-only queries twice in production, so a few tries here are enough.
export const D1_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 40, maxDelayMs: 400 };

export async function withD1Retry<T>(run: () => Promise<T>, policy: RetryPolicy = D1_RETRY): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (attempt >= policy.attempts || !isTransientD1Error(err)) throw err;
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}

const WRITES = /\b(insert|update|delete|replace|create|drop|alter|attach|detach|vacuum|reindex|analyze|pragma)\b/i;

/**
 * A statement that only reads, so running it twice is harmless: it starts with
 * SELECT (or WITH/VALUES) and names no writing keyword anywhere. A write is never
 * retried automatically: a "Network connection lost" may come after the commit,
 * and a second INSERT, counter bump or delete would then answer differently (a
 * constraint failure, a double count, zero changes). A caller whose write is
 * idempotent wraps it in withD1Retry itself.
 */
export function isReadOnlySql(sql: string): boolean {
  const text = sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ').trim();
  return /^(select|with|values)\b/i.test(text) && !WRITES.test(text);
}

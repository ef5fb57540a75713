/** How a job's durable step is retried on a transient failure (every job's steps write idempotently). */
export const STEP_RETRIES = { retries: { limit: 3, delay: '10 seconds', backoff: 'exponential' } } as const;

import { Semaphore } from './semaphore.ts';

/**
 * The CPU slots every job's ffmpeg processes share: about one per core, so an
 * album's worth of jobs keeps every core busy without making each other slower.
 * Slots are granted in request order, so a job's processes run before those of
 * jobs that arrived after it, in the order the job asked for them.
 */
export class CpuSlots {
  readonly #slots: Semaphore;

  constructor(size: number) {
    this.#slots = new Semaphore(size);
  }

  /** Runs `task` once a slot is free, and frees the slot when it settles. */
  async run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    const release = await this.#slots.acquire(signal);
    try {
      signal.throwIfAborted();
      return await task();
    } finally {
      release();
    }
  }

  /**
   * Runs every task on a slot of its own (queued in the order given). The first
   * failure aborts the others' signal; this waits until all have stopped before
   * rethrowing it, so nothing is still writing when the caller cleans up.
   */
  async runAll<T>(tasks: Array<(signal: AbortSignal) => Promise<T>>, signal: AbortSignal): Promise<T[]> {
    const siblings = new AbortController();
    const shared = AbortSignal.any([signal, siblings.signal]);
    let failure: { error: unknown } | undefined;
    const outcomes = await Promise.allSettled(
      tasks.map((task) =>
        this.run(async () => {
          try {
            return await task(shared);
          } catch (error) {
            // Before this task's slot is freed, so a sibling waiting for it never starts.
            if (!failure) {
              failure = { error };
              siblings.abort(error);
            }
            throw error;
          }
        }, shared),
      ),
    );
    if (signal.aborted) throw signal.reason;
    if (failure) throw failure.error;
    return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<T>).value);
  }

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.#slots.waiting;
  }
}

import path from 'node:path';
import type { MediaStore } from './media-store.ts';

const UPLOAD_PARALLELISM = 6;

/**
 * Uploads a ladder's files while it is still being encoded: each batch (one
 * rendition's files) starts as soon as it is added. A failed upload aborts
 * `signal`, which the encode also runs under, so a job whose store is gone
 * stops encoding too.
 */
export class LadderUpload {
  readonly signal: AbortSignal;
  readonly #abort = new AbortController();
  readonly #batches: Promise<void>[] = [];
  readonly #put: (file: string) => Promise<void>;

  constructor(store: MediaStore, ladderHash: string, outputDir: string, jobSignal: AbortSignal) {
    this.signal = AbortSignal.any([jobSignal, this.#abort.signal]);
    this.#put = (file) => store.putFile(ladderHash, file, path.join(outputDir, file), this.signal);
  }

  add(files: string[]): void {
    const batch = forEachLimited(files, UPLOAD_PARALLELISM, this.#put);
    batch.catch((error: unknown) => this.#abort.abort(error));
    this.#batches.push(batch);
  }

  /** Waits for every batch added so far; rethrows the first failure. */
  async finish(): Promise<void> {
    const outcomes = await Promise.allSettled(this.#batches);
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /** Stops the uploads (the encode failed) and waits until none is still reading the files. */
  async cancel(reason: unknown): Promise<void> {
    this.#abort.abort(reason);
    await Promise.allSettled(this.#batches);
  }
}

/**
 * Runs `task` over `items` with at most `width` in flight. After a failure no new
 * task starts, and it waits for the running ones so nothing touches the temp dir late.
 */
async function forEachLimited<T>(items: T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      try {
        await task(items[next++]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(width, items.length) }, worker));
  const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failure) throw failure.reason;
}

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TranscodeResult } from '../../core/protocol/transcode.ts';
import { JobFailure, isAbort, transient } from './job-failure.ts';
import { describeNetworkError } from './network-error.ts';

const REQUEST_TIMEOUT_MS = 30_000;
const ATTEMPTS = 4;

/** Content types by extension for what a ladder holds. */
export function contentTypeFor(file: string): string {
  switch (path.extname(file)) {
    case '.m3u8':
      return 'application/vnd.apple.mpegurl';
    case '.mp4':
    case '.m4s':
      return 'audio/mp4';
    case '.json':
      return 'application/json';
    default:
      return 'application/octet-stream';
  }
}

/**
 * The ingest side of the stream worker: `{ingest_url}/hls/{hash}/{path}`, bearer
 * the per-job token the queue consumer sent with the job (never the transcoder's
 * own secret, which only authenticates the queue consumer's `POST /jobs`).
 */
export class MediaStore {
  readonly #base: string;
  readonly #token: string;

  constructor(ingestUrl: string, ingestToken: string) {
    this.#base = ingestUrl.replace(/\/+$/, '');
    this.#token = ingestToken;
  }

  #url(hash: string, file: string): string {
    return `${this.#base}/hls/${hash}/${file.split(path.sep).map(encodeURIComponent).join('/')}`;
  }

  /** The stored result for a ladder that is already complete, or null when there is none. */
  async findLadder(hash: string, signal: AbortSignal): Promise<TranscodeResult | null> {
    const response = await this.#request('GET', this.#url(hash, 'meta.json'), undefined, undefined, signal);
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw transient('store_unavailable', `The media store answered ${response.status} when looking up an earlier transcode.`);
    }
    // A meta.json we cannot read is treated as absent: transcoding again overwrites it.
    const parsed = TranscodeResult.safeParse(await response.json().catch(() => null));
    return parsed.success ? parsed.data : null;
  }

  /** PUTs one file (path relative to the ladder root), retrying server errors with backoff. */
  async putFile(hash: string, relativePath: string, localPath: string, signal: AbortSignal): Promise<void> {
    await this.putBytes(hash, relativePath, await readFile(localPath), signal);
  }

  async putBytes(hash: string, relativePath: string, body: Uint8Array, signal: AbortSignal): Promise<void> {
    const url = this.#url(hash, relativePath);
    const headers = { 'Content-Type': contentTypeFor(relativePath) };
    let problem = '';
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      if (attempt > 1) await sleep(200 * 2 ** (attempt - 2), undefined, { signal });
      try {
        const response = await this.#request('PUT', url, body, headers, signal);
        await response.body?.cancel();
        if (response.ok) return;
        problem = `HTTP ${response.status}`;
        if (response.status < 500) break; // a refusal will not change on retry
      } catch (error) {
        if (!(error instanceof JobFailure)) throw error; // the job was cancelled
        problem = error.message;
      }
    }
    throw transient('store_rejected', `The media store did not accept ${relativePath} (${problem}).`);
  }

  async #request(
    method: string,
    url: string,
    body: Uint8Array | undefined,
    headers: Record<string, string> | undefined,
    signal: AbortSignal,
  ): Promise<Response> {
    try {
      return await fetch(url, {
        method,
        body: body as Uint8Array<ArrayBuffer> | undefined,
        headers: { ...headers, Authorization: `Bearer ${this.#token}` },
        signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      });
    } catch (error) {
      if (signal.aborted) throw error;
      const reason = isAbort(error) ? 'timed out' : describeNetworkError(error);
      throw transient('store_unreachable', `The media store could not be reached: ${reason}.`);
    }
  }
}

import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { JobFailure, isAbort, permanent, transient } from './job-failure.ts';
import { describeNetworkError } from './network-error.ts';

export interface DownloadedSource {
  /** Hex SHA-256 of the bytes: the content hash the ladder is stored under. */
  sha256: string;
  bytes: number;
}

/**
 * Streams the signed source URL to `destination`, hashing it on the way, so a
 * large upload never sits in memory.
 */
export async function downloadSource(url: string, destination: string, maxBytes: number, signal: AbortSignal): Promise<DownloadedSource> {
  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: 'follow' });
  } catch (error) {
    if (signal.aborted) throw error;
    throw transient('source_unreachable', `The source file could not be fetched: ${describeNetworkError(error)}.`);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw sourceStatusFailure(response.status);
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await response.body.cancel();
    throw tooLarge(maxBytes);
  }

  const hash = createHash('sha256');
  let bytes = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) return callback(tooLarge(maxBytes));
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), hashing, createWriteStream(destination), { signal });
  } catch (error) {
    if (error instanceof JobFailure || signal.aborted) throw error;
    if (isAbort(error)) throw error;
    throw transient('source_interrupted', `The source download was interrupted: ${describeNetworkError(error)}.`);
  }
  return { sha256: hash.digest('hex'), bytes };
}

function sourceStatusFailure(status: number): JobFailure {
  // A refused or missing source is usually an expired URL or a race with the upload;
  // a retry with a fresh URL can fix it, so none of these are permanent.
  if (status === 403) return transient('source_forbidden', 'The source URL was refused (403); its signature may have expired.');
  if (status === 404) return transient('source_not_found', 'The source file was not found (404).');
  return transient('source_unavailable', `The source file could not be fetched (HTTP ${status}).`);
}

function tooLarge(maxBytes: number): JobFailure {
  return permanent('source_too_large', `The file is larger than ${Math.floor(maxBytes / (1024 * 1024))} MiB.`);
}

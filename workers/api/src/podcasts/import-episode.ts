import type { FeedItem } from '#core/podcasts/rss.ts';
import { looksLikeAudio } from '#core/podcasts/audio-signature.ts';
import type { AuthUser } from '../auth/tokens.ts';
import { completeUpload } from '../uploads/complete-upload.ts';
import { createUpload } from '../uploads/create-upload.ts';
import { discardEpisodeUpload } from '../uploads/discard-upload.ts';
import { putPart } from '../uploads/parts.ts';
import { ACCEPTED_CONTENT_TYPES, EpisodeUploadBody, PART_SIZE } from '../uploads/schemas.ts';
import { boundedFetch, concat, FetchFailure, readChunk } from './bounded-fetch.ts';

/** An enclosure may be hundreds of MB (up to the upload limit): its whole fetch gets minutes, not a feed's seconds. */
export const ENCLOSURE_TIMEOUT_MS = 5 * 60_000;

/** Types a server labels anything with; the enclosure's declared type decides then. */
const GENERIC_TYPES = ['', 'application/octet-stream', 'binary/octet-stream'];

const baseType = (type: string | null) => (type ?? '').split(';')[0]!.trim().toLowerCase();

/**
 * One feed item's enclosure as an episode of the show, through the same upload
 * path as an artist's upload (create → parts → complete → transcode queue). What
 * can be checked before anything is written is: the fetch, the type, the length
 * (within the upload limit) and the first bytes. A failure after the upload was
 * opened discards it again. Returns the episode's id; throws FetchFailure with the reason.
 */
export async function importEpisode(env: Env, user: AuthUser, showId: string, item: FeedItem, requestId?: string): Promise<string> {
  if (!item.enclosure) throw new FetchFailure('The item has no enclosure.');
  const { response } = await boundedFetch(env, item.enclosure.url, ENCLOSURE_TIMEOUT_MS);
  const reader = response.body?.getReader();
  try {
    return await ingest(env, user, showId, item, response.headers, reader, requestId);
  } finally {
    // Whatever was not read (a refused or failed enclosure) is not downloaded.
    await reader?.cancel().catch(() => undefined);
  }
}

async function ingest(
  env: Env,
  user: AuthUser,
  showId: string,
  item: FeedItem,
  headers: Headers,
  reader: ReadableStreamDefaultReader<Uint8Array> | undefined,
  requestId?: string,
): Promise<string> {
  const served = baseType(headers.get('Content-Type'));
  const contentType = GENERIC_TYPES.includes(served) ? baseType(item.enclosure!.type) : served;
  if (!(ACCEPTED_CONTENT_TYPES as readonly string[]).includes(contentType)) {
    throw new FetchFailure(`The enclosure is not audio (served as ${JSON.stringify(served || 'no type')}).`);
  }
  const declared = headers.get('Content-Length');
  if (declared === null || !/^\d+$/.test(declared) || Number(declared) === 0) throw new FetchFailure('The enclosure was served without a Content-Length.');
  const size = Number(declared);
  const maxBytes = Number(env.MAX_UPLOAD_BYTES);
  if (size > maxBytes) throw new FetchFailure(`The enclosure is ${size} bytes; uploads are limited to ${maxBytes} bytes.`);
  const body = EpisodeUploadBody.safeParse({
    kind: 'episode',
    show_id: showId,
    title: item.title.slice(0, 200),
    description: item.description.slice(0, 4000),
    content_type: contentType,
    size_bytes: size,
  });
  if (!body.success) throw new FetchFailure('The item has no title.');

  if (!reader) throw new FetchFailure('The enclosure was served without a body.');
  const parts = new PartReader(reader);
  const upload = await createUploadAfterFirstPart(env, user, body.data, parts, item.guid);
  try {
    for (let n = 1; n <= upload.part_count; n++) {
      const bytes = n === 1 ? upload.first : await parts.next(Math.min(upload.part_size, size - upload.part_size * (n - 1)));
      const request = new Request('https://import.invalid/', { method: 'PUT', body: bytes, headers: { 'Content-Length': String(bytes.byteLength) } });
      await putPart(env, user, upload.id, String(n), request);
    }
    if (!(await parts.atEnd())) throw new FetchFailure(`The enclosure is longer than its Content-Length (${size} bytes).`);
    await completeUpload(env, user, upload.id, requestId);
  } catch (err) {
    await discardEpisodeUpload(env, upload.id);
    throw err;
  }
  return upload.episode_id!;
}

/** The first part is read (and sniffed) before the upload is opened, so a non-audio or dead enclosure writes nothing. */
async function createUploadAfterFirstPart(env: Env, user: AuthUser, body: EpisodeUploadBody, parts: PartReader, guid: string) {
  const first = await parts.next(Math.min(PART_SIZE, body.size_bytes));
  if (!looksLikeAudio(first.subarray(0, 16))) throw new FetchFailure('The enclosure is not audio (its first bytes are no audio format the transcoder reads).');
  return { ...(await createUpload(env, user, body, guid)), first };
}

/** Reads a response body in exact-size pieces; a body that ends early is a failure. */
class PartReader {
  private pending: Uint8Array = new Uint8Array();
  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  async next(size: number): Promise<Uint8Array> {
    const chunks = [this.pending];
    let total = this.pending.byteLength;
    while (total < size) {
      const { done, value } = await readChunk(this.reader, 'The enclosure');
      if (done) throw new FetchFailure(`The enclosure ended after ${total} of the bytes its Content-Length promised.`);
      chunks.push(value);
      total += value.byteLength;
    }
    const all = concat(chunks, total);
    this.pending = all.subarray(size);
    return all.subarray(0, size);
  }

  async atEnd(): Promise<boolean> {
    if (this.pending.byteLength > 0) return false;
    const { done, value } = await readChunk(this.reader, 'The enclosure');
    if (done) return true;
    return value.byteLength === 0 ? this.atEnd() : false;
  }
}

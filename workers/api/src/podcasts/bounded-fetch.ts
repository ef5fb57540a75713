import { fetchRefusal } from '#core/net/public-address.ts';

/** How long a feed's (or artwork's) fetch, every redirect hop and the body, may take. */
export const FETCH_TIMEOUT_MS = 10_000;
export const MAX_REDIRECTS = 5;

/** Why a feed or enclosure could not be fetched, in words for the admin; `status` when the server answered. */
export class FetchFailure extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface FetchedResponse {
  response: Response;
  /** The URL the last hop answered from. */
  url: string;
  signal: AbortSignal;
}

/**
 * GETs a URL for the podcast import within bounds: http(s) to public addresses
 * only (unless ALLOW_PRIVATE_FEEDS, development), redirects followed by hand so
 * each hop is checked again, at most MAX_REDIRECTS of them, and one timeout for
 * the whole fetch (`timeoutMs`). The body is the caller's to read, within the same signal.
 */
export async function boundedFetch(env: Pick<Env, 'ALLOW_PRIVATE_FEEDS'>, rawUrl: string, timeoutMs = FETCH_TIMEOUT_MS): Promise<FetchedResponse> {
  const allowPrivate = env.ALLOW_PRIVATE_FEEDS === 'true';
  const signal = AbortSignal.timeout(timeoutMs);
  let url = rawUrl;
  for (let hop = 0; ; hop++) {
    const refusal = fetchRefusal(url, allowPrivate);
    if (refusal) throw new FetchFailure(`${JSON.stringify(url)} is not fetched: it ${refusal}.`);
    let response: Response;
    try {
      response = await fetch(url, { redirect: 'manual', signal, headers: { 'User-Agent': 'Encore podcast import' } });
    } catch (err) {
      throw new FetchFailure(
        signal.aborted ? `${url} did not answer within ${timeoutMs / 1000} s.` : `${url} could not be reached (${(err as Error).message}).`,
      );
    }
    if (response.status >= 300 && response.status < 400 && response.headers.has('Location')) {
      await response.body?.cancel();
      if (hop === MAX_REDIRECTS) throw new FetchFailure(`${rawUrl} redirects more than ${MAX_REDIRECTS} times.`);
      url = new URL(response.headers.get('Location')!, url).href;
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new FetchFailure(`${url} answered ${response.status}.`, response.status);
    }
    return { response, url, signal };
  }
}

/** A chunk of a fetched body; a connection that breaks off is a FetchFailure. */
export async function readChunk(reader: ReadableStreamDefaultReader<Uint8Array>, what: string) {
  try {
    return await reader.read();
  } catch (err) {
    throw new FetchFailure(`${what} broke off while being read (${(err as Error).message}).`);
  }
}

export function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

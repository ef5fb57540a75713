import { domainErrorResponse, RangeNotSatisfiable } from '#core/errors.ts';
import { parseRange, sliceStream } from './byte-ranges.ts';

/** Without a declared length the runtime drops Content-Length and sends the body chunked. */
function knownLength(body: ReadableStream<Uint8Array>, length: number): ReadableStream<Uint8Array> {
  return body.pipeThrough(new FixedLengthStream(length));
}

/** RFC 9110 weak comparison, as `If-None-Match` requires. */
function etagListMatches(header: string, etag: string): boolean {
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/**
 * Answers a GET/HEAD for a complete, known-length entity (`Content-Length` and
 * `ETag` set): 304 on a matching `If-None-Match`, 206 for a satisfiable single
 * `Range` (honouring `If-Range`), 416 for an unsatisfiable one, else 200.
 */
export function rangedResponse(request: Request, full: Response): Response {
  const headers = new Headers(full.headers);
  headers.set('Accept-Ranges', 'bytes');
  const etag = headers.get('ETag');
  const size = Number(headers.get('Content-Length'));
  const body = full.body;
  const discard = () => void body?.cancel().catch(() => {});

  const ifNoneMatch = request.headers.get('If-None-Match');
  if (etag && ifNoneMatch && etagListMatches(ifNoneMatch, etag)) {
    discard();
    headers.delete('Content-Length');
    headers.delete('Content-Type');
    return new Response(null, { status: 304, headers });
  }

  const ifRange = request.headers.get('If-Range');
  const rangeApplies = !ifRange || (etag !== null && ifRange.trim() === etag);
  const range = rangeApplies ? parseRange(request.headers.get('Range'), size) : ({ kind: 'none' } as const);

  if (range.kind === 'unsatisfiable') {
    discard();
    return domainErrorResponse(new RangeNotSatisfiable(size));
  }
  if (range.kind === 'range' && body) {
    headers.set('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
    headers.set('Content-Length', String(range.end - range.start + 1));
    return new Response(knownLength(sliceStream(body, range.start, range.end), range.end - range.start + 1), { status: 206, headers });
  }
  return new Response(body && knownLength(body, size), { status: 200, headers });
}

/** True when `Accept-Encoding` admits gzip (and does not refuse it with `q=0`). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

/**
 * A text response, gzip-compressed when the client takes it. The bytes are
 * compressed here and sent with `encodeBody: "manual"`, so what leaves the worker
 * is exactly what a test reads. Cloudflare's front line (and miniflare's entry
 * worker) presents every request to a worker as `Accept-Encoding: br, gzip` and
 * re-encodes for clients that want otherwise, so this is gzip nearly always.
 */
export function compressFor(acceptEncoding: string | undefined, body: string, headers: Headers): Response {
  if (!acceptsGzip(acceptEncoding)) return new Response(body, { headers });
  headers.set('Content-Encoding', 'gzip');
  const stream = new Response(body).body!.pipeThrough(new CompressionStream('gzip'));
  return new Response(stream, { headers, encodeBody: 'manual' });
}

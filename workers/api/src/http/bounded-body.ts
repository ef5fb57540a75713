/**
 * A raw request body read into memory up to `maxBytes` and no further: a
 * declared Content-Length over the limit is refused before a byte is read, and
 * a body that streams past it (chunked, or lying about its length) is cancelled
 * at the first chunk beyond. `tooLarge` makes the caller's 413. A fetched
 * response is read the same way (the podcast import's feeds).
 */
export async function readBoundedBody(request: Pick<Request, 'headers' | 'body'>, maxBytes: number, tooLarge: () => Error): Promise<Uint8Array> {
  const declared = request.headers.get('Content-Length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) throw tooLarge();
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

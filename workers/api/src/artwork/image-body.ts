import { PayloadTooLarge, Unprocessable } from '#core/errors.ts';

/**
 * The raw image body, read into memory up to `maxBytes` and no further: a
 * declared Content-Length over the limit is refused before a byte is read, and
 * a body that streams past it (chunked, or lying about its length) is cancelled
 * at the first chunk beyond.
 */
export async function readImageBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new PayloadTooLarge(`An image may be at most ${maxBytes} bytes (${Math.round(maxBytes / 1024 / 1024)} MB).`, 'image_too_large');
  const declared = request.headers.get('Content-Length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) throw tooLarge();
  if (!request.body) throw new Unprocessable('The body must be a JPEG, PNG or WebP image; it is empty.', 'not_an_image');

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
  if (length === 0) throw new Unprocessable('The body must be a JPEG, PNG or WebP image; it is empty.', 'not_an_image');
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

import { PayloadTooLarge, Unprocessable } from '#core/errors.ts';
import { readBoundedBody } from '../http/bounded-body.ts';

/** The raw image body, read into memory up to `maxBytes` and no further (http/bounded-body.ts). */
export async function readImageBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new PayloadTooLarge(`An image may be at most ${maxBytes} bytes (${Math.round(maxBytes / 1024 / 1024)} MB).`, 'image_too_large');
  const bytes = await readBoundedBody(request, maxBytes, tooLarge);
  if (bytes.byteLength === 0) throw new Unprocessable('The body must be a JPEG, PNG or WebP image; it is empty.', 'not_an_image');
  return bytes;
}

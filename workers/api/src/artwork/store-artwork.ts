import { IMAGE_CONTENT_TYPE, IMAGE_SIZES, imageKey, type ImageSize } from '#core/artwork/images.ts';
import { TooManyRequests, Unprocessable } from '#core/errors.ts';
import { logger } from '#core/log.ts';
import { sha256Hex } from '../auth/tokens.ts';
import { readImageBody } from './image-body.ts';
import { sniffImageFormat } from './image-format.ts';

/** The smallest side a source may have: the 300 px square must not be an upscale. */
export const MIN_IMAGE_SIDE = 300;
/** Decoded size cap (50 megapixels, e.g. 8000 × 6250): a small file can declare a huge canvas. */
export const MAX_IMAGE_PIXELS = 50_000_000;
const QUALITY = 85;

const notAnImage = (detail: string) => new Unprocessable(`The body must be a JPEG, PNG or WebP image; ${detail}.`, 'not_an_image');
const bytesStream = (bytes: Uint8Array) => new Blob([bytes]).stream();

/**
 * Reads an artwork upload, checks it, and stores its three squares in R2 under
 * the SHA-256 of the uploaded bytes; returns that hash. Nothing is written
 * until all three are encoded, and the smallest is written last, so its
 * presence means the set is complete: the same bytes uploaded again (by anyone)
 * are recognised by it and not processed twice. A failure leaves at most
 * content-addressed objects no row names, which the next success overwrites.
 * An account may send IMAGE_LIMITER's rate (429 beyond): each upload costs three encodes.
 */
export async function storeArtwork(env: Env, request: Request, userId: string, requestId: string | null): Promise<string> {
  if (!(await env.IMAGE_LIMITER.limit({ key: `image:${userId}` })).success) {
    throw new TooManyRequests('Too many images uploaded in the last minute; wait a minute and try again.', 60, 'image_rate_limited');
  }
  const bytes = await readImageBody(request, Number(env.MAX_IMAGE_BYTES));
  const format = sniffImageFormat(bytes);
  if (!format) throw notAnImage('these bytes are none of those');
  const hash = await sha256Hex(bytes);
  if (await env.MEDIA.head(imageKey(hash, IMAGE_SIZES.at(-1)!))) return hash;

  const log = logger('api', requestId);
  const info = await env.IMAGES.info(bytesStream(bytes)).catch((err: unknown) => {
    log('info', 'artwork_undecodable', { format, bytes: bytes.byteLength, error: String(err) });
    throw notAnImage(`this ${format} does not decode`);
  });
  if (!('width' in info) || info.format !== format) throw notAnImage(`the decoder reads it as ${info.format}`);
  if (info.width < MIN_IMAGE_SIDE || info.height < MIN_IMAGE_SIDE) {
    throw new Unprocessable(
      `An image must be at least ${MIN_IMAGE_SIDE} × ${MIN_IMAGE_SIDE} px; this one is ${info.width} × ${info.height}.`,
      'image_too_small',
    );
  }
  if (info.width * info.height > MAX_IMAGE_PIXELS) {
    throw new Unprocessable(`An image may have at most ${MAX_IMAGE_PIXELS} pixels; this one is ${info.width} × ${info.height}.`, 'image_too_many_pixels');
  }

  const squares = await Promise.all(IMAGE_SIZES.map((size) => square(env, bytes, size))).catch((err: unknown) => {
    // The header read fine (info) but the pixels do not: a truncated or corrupt file.
    log('info', 'artwork_undecodable', { format, bytes: bytes.byteLength, error: String(err) });
    throw notAnImage(`this ${format} does not decode`);
  });
  const put = (size: ImageSize, body: ArrayBuffer) => env.MEDIA.put(imageKey(hash, size), body, { httpMetadata: { contentType: IMAGE_CONTENT_TYPE } });
  await Promise.all(IMAGE_SIZES.slice(0, -1).map((size, i) => put(size, squares[i]!)));
  await put(IMAGE_SIZES.at(-1)!, squares.at(-1)!);
  log('info', 'artwork_stored', { hash, format, width: info.width, height: info.height });
  return hash;
}

/** One centre-cropped square, re-encoded as WebP (the encoder writes sRGB). */
async function square(env: Env, bytes: Uint8Array, size: ImageSize): Promise<ArrayBuffer> {
  const result = await env.IMAGES.input(bytesStream(bytes))
    .transform({ width: size, height: size, fit: 'cover', gravity: 'center' })
    .output({ format: IMAGE_CONTENT_TYPE, quality: QUALITY });
  return result.response().arrayBuffer();
}

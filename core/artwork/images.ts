import type { Image } from '../protocol/catalog-views.ts';

/**
 * Artwork names, in one place: the squares every cover and picture is made in
 * (largest first, the order `images` lists them), where each lives in R2, the
 * public URL the stream worker serves it at, and the `images` list an object
 * carries for a stored hash. The hash is the SHA-256 of the uploaded bytes, so
 * a URL names one picture forever and can be cached for a year.
 */

export const IMAGE_SIZES = [640, 300, 64] as const;
export type ImageSize = (typeof IMAGE_SIZES)[number];

export const IMAGE_CONTENT_TYPE = 'image/webp';

const HASH = /^[0-9a-f]{64}$/;

export const isImageHash = (value: string): boolean => HASH.test(value);

export const isImageSize = (value: number): value is ImageSize => (IMAGE_SIZES as readonly number[]).includes(value);

/** `images/{sha256}/{size}.webp`; the smallest is written last, so its presence means all three are in place. */
export const imageKey = (hash: string, size: ImageSize): string => `images/${hash}/${size}.webp`;

/** Relative to the origin, as `hls_url` is: the api worker forwards `/media/*` to the stream worker. */
export const imageUrl = (hash: string, size: ImageSize): string => `/media/${imageKey(hash, size)}`;

/** The `images` of an artist, album or playlist: `[]` until a picture is set. */
export const imageList = (hash: string | null | undefined): Image[] =>
  hash ? IMAGE_SIZES.map((size) => ({ url: imageUrl(hash, size), width: size, height: size })) : [];

import type { Image } from '../types.ts';
import { h } from './dom.ts';

/** The width the cover at the head of an album, artist or playlist page is shown at. */
export const HERO_COVER_PX = 200;

/**
 * A square cover. The `<img>` has its box fixed by width and height (nothing
 * jumps while it loads), loads lazily, and lets the browser pick from the
 * 640/300/64 px sizes through `srcset`. Until an object has artwork
 * (`images: []`) a neutral tile of the same size stands in.
 *
 * `size` is the CSS pixel width the cover is shown at (the `sizes` hint); `alt`
 * is empty when the text beside the cover already names the object.
 */
export function cover(images: Image[] | undefined, size: number, alt = '', shape: 'square' | 'round' = 'square'): HTMLElement {
  const className = `cover${shape === 'round' ? ' round' : ''}`;
  if (!images?.length) {
    return h('span', {
      className: `${className} placeholder`,
      'data-testid': 'cover-placeholder',
      ...(alt ? { role: 'img', 'aria-label': alt } : { 'aria-hidden': 'true' }),
    });
  }
  const fallback = [...images].sort((a, b) => a.width - b.width).find((i) => i.width >= size) ?? images[0]!;
  return h('img', {
    className,
    src: fallback.url,
    srcset: images.map((i) => `${i.url} ${i.width}w`).join(', '),
    sizes: `${size}px`,
    width: size,
    height: size,
    loading: 'lazy',
    decoding: 'async',
    alt,
  });
}

import { stableHash } from '../stable-hash.ts';

/**
 * A genre's id: a URL-safe slug of the genre text tracks carry ("Hip Hop",
 * "hip-hop" and "Hip-Hop" are one genre, `hip-hop`). It follows from the text
 * alone, so it is stable without a genres table to allocate ids. Text with no
 * ASCII letter or digit ("ロック") gets `g-` and a hash of its lower-cased form.
 */
export function genreId(genre: string): string {
  const folded = genre.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();
  const slug = folded
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || `g-${stableHash(folded).toString(36)}`;
}

import { createMiddleware } from 'hono/factory';
import { Forbidden } from '#core/errors.ts';
import { ceilingForScope, renditionWithin } from '#core/protocol/tiers.ts';
import type { SignedVariables } from './signature-guard.ts';

/**
 * The tier a signature carries (core/protocol/tiers.ts), applied where the
 * ladder is read: a master lists only the renditions within it, and a
 * rendition above it is refused whatever its URL, guessed or not.
 */

/** The rendition a master's relative URI leads to (`128k/index.m3u8` → `128k`); null for any other shape. */
function renditionOfUri(uri: string): string | null {
  const parts = uri.split('?')[0]!.split('/');
  return parts.length === 2 && parts[0] !== '' && parts[0] !== '.' && parts[0] !== '..' ? parts[0]! : null;
}

const within = (uri: string | null, ceilingKbps: number): boolean => {
  const rendition = uri === null ? null : renditionOfUri(uri);
  // A URI of another shape cannot be ranked, so under a ceiling it is left out.
  return rendition !== null && renditionWithin(rendition, ceilingKbps);
};

/**
 * A master playlist without the variants (and `URI=` renditions, e.g.
 * `#EXT-X-MEDIA`) above `ceilingKbps`; a media playlist (no variants) and an
 * unlimited ceiling leave the text as it is.
 */
export function limitMaster(playlist: string, ceilingKbps: number): string {
  if (ceilingKbps === Number.POSITIVE_INFINITY || !playlist.includes('#EXT-X-STREAM-INF')) return playlist;
  const kept: string[] = [];
  for (const line of playlist.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) {
      // A variant is its #EXT-X-STREAM-INF and the URI line after it: dropped together.
      const isVariant = kept.at(-1)?.trim().startsWith('#EXT-X-STREAM-INF') ?? false;
      if (isVariant && !within(trimmed, ceilingKbps)) kept.pop();
      else kept.push(line);
      continue;
    }
    const attribute = /URI="([^"]*)"/.exec(trimmed);
    if (attribute && !within(attribute[1]!, ceilingKbps)) continue;
    kept.push(line);
  }
  return kept.join('\n');
}

/** Refuses (403 premium_required) a rendition's playlist or segment above the ceiling of the request's signature. */
export const requireRenditionInTier = createMiddleware<{ Bindings: Env; Variables: SignedVariables }>(async (c, next) => {
  const rendition = c.req.param('rendition');
  if (rendition !== undefined && !renditionWithin(rendition, ceilingForScope(c.var.signedScope)))
    throw new Forbidden('This rendition is not part of the listener’s plan; premium streams it.', 'premium_required');
  await next();
});

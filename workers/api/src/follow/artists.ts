import { Unprocessable } from '#core/errors.ts';
import { type LibraryRef, parseRefs, remove, save } from '../library/service.ts';

/** Artist ids or `encore:artist:` URIs; a track or album id here is refused, not saved. */
function artistRefs(ids: string[]): LibraryRef[] {
  const refs = parseRefs(ids);
  const other = refs.findIndex((r) => r.kind !== 'artist');
  if (other !== -1) throw new Unprocessable(`${JSON.stringify(ids[other])} is not an artist id or URI.`, 'invalid_id');
  return refs;
}

/** Following an artist is saving it to the library (library/service.ts keeps the follower lists). */
export const followArtists = (env: Env, userId: string, ids: string[]) => save(env, userId, artistRefs(ids));
export const unfollowArtists = (env: Env, userId: string, ids: string[]) => remove(env, userId, artistRefs(ids));

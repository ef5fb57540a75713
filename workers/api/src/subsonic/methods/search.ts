import type { AlbumSummary, ArtistSummary, CatalogTrack } from '#core/protocol/catalog-views.ts';
import { search, type SearchType } from '../../search/search-service.ts';
import { shardDeadlineMs } from '../../search/shard-deadline.ts';
import type { MethodContext, MethodTable } from '../method.ts';
import { catalogReads } from '../read-sessions.ts';
import { albumID3, artistID3, child } from '../shapes.ts';
import { albumFieldsOf, songFieldsOf } from './browsing.ts';

/** Subsonic's default count per kind; the ceiling keeps each shard's ranked read small, as REST search's does. */
const DEFAULT_COUNT = 20;
const MAX_COUNT = 100;
const MAX_OFFSET = 1000;

/**
 * search3 is the REST search (search-service.ts: the same ranking and the
 * same typo tolerance), once per kind, since Subsonic pages each kind apart.
 * Quotes some apps wrap the query in are dropped.
 */
async function search3({ env, params, request }: MethodContext) {
  const q = (params.get('query') ?? '').replace(/^"(.*)"$/, '$1');
  const reads = catalogReads(env);
  const page = async (type: SearchType, prefix: 'artist' | 'album' | 'song') => {
    const limit = params.int(`${prefix}Count`, DEFAULT_COUNT, 0, MAX_COUNT);
    if (limit === 0) return [];
    const offset = params.int(`${prefix}Offset`, 0, 0, MAX_OFFSET);
    const { body } = await search(reads, { q, types: [type], limit, offset }, request.url, shardDeadlineMs(env));
    return (Object.values(body)[0]?.items ?? []) as unknown[];
  };
  const [artists, albums, songs] = await Promise.all([page('artist', 'artist'), page('album', 'album'), page('track', 'song')]);
  return {
    searchResult3: {
      artist: (artists as ArtistSummary[]).map((a) => artistID3(a)),
      album: (albums as AlbumSummary[]).map((a) => albumID3(albumFieldsOf(a))),
      song: (songs as CatalogTrack[]).map((t) => child(songFieldsOf(t))),
    },
  };
}

export const searchMethods: MethodTable = { search3: { run: search3 } };

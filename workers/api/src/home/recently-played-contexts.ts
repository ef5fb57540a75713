import { loadAlbums, loadArtists } from '#core/catalog/reads.ts';
import { albumSummary, artistSummary } from '#core/catalog/views.ts';
import { parseUri } from '#core/protocol/uris.ts';
import { recentlyPlayed } from '../listening/recently-played.ts';
import { listedPlaylistsById } from '../playlists/listing.ts';
import { HOME_SECTION_ITEMS, type HomeItem, type HomeSection } from './section.ts';

/** How many of the newest plays are looked at to find the recent contexts. */
const PLAYS_LOOKED_AT = 50;

type ContextKind = 'album' | 'artist' | 'playlist';

/**
 * What the caller's newest plays were played from, most recent first, each
 * once: the context the report named (album, artist or playlist), else the
 * track's album, else its primary artist. A playlist the caller may no longer
 * see, or anything gone from the catalog, is left out.
 */
export const recentlyPlayedSection: HomeSection = {
  id: 'recently_played',
  title: 'Recently played',
  async items({ env, user, requestUrl }) {
    const plays = await recentlyPlayed(env, user.id, { limit: PLAYS_LOOKED_AT }, new URL(requestUrl));
    const contexts = new Map<string, ContextKind>();
    for (const { track, context } of plays.items) {
      if (contexts.size === HOME_SECTION_ITEMS) break;
      const named = context ? parseUri(context.uri) : null;
      const [kind, id] = named
        ? [named.kind as ContextKind, named.id]
        : track.album
          ? (['album', track.album.id] as const)
          : (['artist', track.artists[0]?.id] as const);
      if (id && !contexts.has(id)) contexts.set(id, kind);
    }
    const ids = (kind: ContextKind) => [...contexts].flatMap(([id, k]) => (k === kind ? [id] : []));
    const [albums, artists, playlists] = await Promise.all([
      loadAlbums(env, ids('album')),
      loadArtists(env, ids('artist')),
      listedPlaylistsById(env, ids('playlist'), user.id),
    ]);
    return [...contexts].flatMap(([id, kind]): HomeItem[] => {
      if (kind === 'album') return albums.has(id) ? [albumSummary(albums.get(id)!)] : [];
      if (kind === 'artist') return artists.has(id) ? [artistSummary(artists.get(id)!)] : [];
      return playlists.has(id) ? [playlists.get(id)!] : [];
    });
  },
};

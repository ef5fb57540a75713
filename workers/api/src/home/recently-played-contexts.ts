import { loadAlbums, loadArtists } from '#core/catalog/reads.ts';
import { albumSummary, artistSummary } from '#core/catalog/views.ts';
import { recentlyPlayed } from '../listening/recently-played.ts';
import { HOME_SECTION_ITEMS, type HomeItem, type HomeSection } from './section.ts';

/** How many of the newest plays are looked at to find the recent contexts. */
const PLAYS_LOOKED_AT = 50;

/**
 * The albums (or, for a track without one, its primary artist) of the caller's
 * newest plays, most recent first, each once. Plays do not record the playlist
 * they were played from, so playlists do not appear here yet.
 */
export const recentlyPlayedSection: HomeSection = {
  id: 'recently_played',
  title: 'Recently played',
  async items({ env, user, requestUrl }) {
    const plays = await recentlyPlayed(env, user.id, { limit: PLAYS_LOOKED_AT }, new URL(requestUrl));
    const contexts = new Map<string, 'album' | 'artist'>();
    for (const { track } of plays.items) {
      if (contexts.size === HOME_SECTION_ITEMS) break;
      const context = track.album ? (['album', track.album.id] as const) : track.artists[0] ? (['artist', track.artists[0].id] as const) : null;
      if (context && !contexts.has(context[1])) contexts.set(context[1], context[0]);
    }
    const ids = (kind: 'album' | 'artist') => [...contexts].flatMap(([id, k]) => (k === kind ? [id] : []));
    const [albums, artists] = await Promise.all([loadAlbums(env, ids('album')), loadArtists(env, ids('artist'))]);
    return [...contexts].flatMap(([id, kind]): HomeItem[] => {
      const album = kind === 'album' ? albums.get(id) : undefined;
      const artist = kind === 'artist' ? artists.get(id) : undefined;
      return album ? [albumSummary(album)] : artist ? [artistSummary(artist)] : [];
    });
  },
};

import { genreTracks, listGenres } from '../../browse/genres.ts';
import type { MethodTable } from '../method.ts';
import { child } from '../shapes.ts';
import { songFieldsOf } from './browsing.ts';

/** Subsonic's `count` default and ceiling for getSongsByGenre. */
const DEFAULT_COUNT = 10;
const MAX_COUNT = 500;

/**
 * getGenres and getSongsByGenre over the browse genres (browse/genres.ts: one
 * genre per spelling family, most tracks first; its tracks most popular first).
 * Encore counts tracks per genre, not albums, so `albumCount` is 0.
 */
export const genreMethods: MethodTable = {
  getGenres: {
    run: async ({ env }) => ({
      genres: { genre: (await listGenres(env)).map((g) => ({ value: g.name, songCount: g.track_count, albumCount: 0 })) },
    }),
  },
  getSongsByGenre: {
    run: async ({ env, params }) => {
      const wanted = params.required('genre').toLowerCase();
      const genre = (await listGenres(env)).find((g) => g.name.toLowerCase() === wanted || g.spellings.some((s) => s.toLowerCase() === wanted));
      const count = params.int('count', DEFAULT_COUNT, 0, MAX_COUNT);
      const offset = params.int('offset', 0, 0, 5_000);
      const tracks = genre && count > 0 ? await genreTracks(env, genre, { limit: count, offset }) : [];
      return { songsByGenre: { song: tracks.map((t) => child({ ...songFieldsOf(t), genre: genre!.name })) } };
    },
  },
};

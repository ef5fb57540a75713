import { loadTracks } from '#core/catalog/reads.ts';
import { SubsonicCode, SubsonicError } from '../errors.ts';
import type { MethodTable } from '../method.ts';

/**
 * getLyricsBySongId (OpenSubsonic songLyrics). Encore keeps no lyrics yet, so
 * every song answers the spec's "none": an empty `structuredLyrics` list. An
 * id that names no song is 70.
 */
export const lyricsMethods: MethodTable = {
  getLyricsBySongId: {
    run: async ({ env, params }) => {
      const id = params.required('id');
      if (!(await loadTracks(env, [id])).has(id)) throw new SubsonicError(SubsonicCode.notFound, `No song with id ${JSON.stringify(id)}.`);
      return { lyricsList: { structuredLyrics: [] } };
    },
  },
};

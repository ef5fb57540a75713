import { loadAlbums, loadArtists, loadTracks } from '#core/catalog/reads.ts';
import type { LibraryKind } from '#core/db/users-library.ts';
import { list, parseRefs, remove, save } from '../../library/service.ts';
import { missingParameter } from '../errors.ts';
import type { MethodContext, MethodTable } from '../method.ts';
import { albumID3, artistID3, child } from '../shapes.ts';

/** getStarred2 lists at most this many of each kind, newest first. */
const MAX_STARRED = 500;

/** star/unstar are library saves: `id` (songs, or any id), `albumId`, `artistId`, each repeatable. */
function refsOf({ params }: MethodContext) {
  const ids = [...params.all('id'), ...params.all('albumId'), ...params.all('artistId')].filter(Boolean);
  if (ids.length === 0) throw missingParameter('id');
  return parseRefs(ids);
}

async function starred(ctx: MethodContext) {
  const { env, user } = ctx;
  const saved = async (kind: LibraryKind) => (await list(env, user.id, kind, { limit: MAX_STARRED, offset: 0 })).rows;
  const [artistRows, albumRows, trackRows] = await Promise.all([saved('artist'), saved('album'), saved('track')]);
  const ids = (rows: { itemId: string }[]) => rows.map((r) => r.itemId);
  const [artists, albums, tracks] = await Promise.all([loadArtists(env, ids(artistRows)), loadAlbums(env, ids(albumRows)), loadTracks(env, ids(trackRows))]);
  const each = <T, R>(rows: { itemId: string; addedAt: number }[], found: Map<string, T>, shape: (record: T, starredAt: number) => R) =>
    rows.flatMap((r) => {
      const record = found.get(r.itemId);
      return record ? [shape(record, r.addedAt)] : [];
    });
  return {
    starred2: {
      artist: each(artistRows, artists, (a, at) => artistID3(a, { starredAt: at })),
      album: each(albumRows, albums, (a, at) => albumID3(a, { starredAt: at })),
      song: each(trackRows, tracks, (t, at) => child(t, { starredAt: at })),
    },
  };
}

export const starredMethods: MethodTable = {
  star: {
    run: async (ctx) => {
      await save(ctx.env, ctx.user.id, refsOf(ctx));
      return {};
    },
  },
  unstar: {
    run: async (ctx) => {
      await remove(ctx.env, ctx.user.id, refsOf(ctx));
      return {};
    },
  },
  getStarred2: { run: starred },
};

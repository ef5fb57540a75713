import { loadAlbums } from '#core/catalog/reads.ts';
import { list } from '../../library/service.ts';
import { albumList, type AlbumListOrder } from '../catalog-lists.ts';
import { missingParameter, SubsonicCode, SubsonicError } from '../errors.ts';
import { listenedAlbumIds } from '../listened-albums.ts';
import type { MethodContext, MethodTable } from '../method.ts';
import { catalogReads } from '../read-sessions.ts';
import { albumID3, type AlbumFields } from '../shapes.ts';

/** Subsonic's `size` default and ceiling. */
const DEFAULT_SIZE = 10;
const MAX_SIZE = 500;

const CATALOG_ORDERS: AlbumListOrder[] = ['newest', 'alphabeticalByName', 'alphabeticalByArtist', 'highest', 'random', 'byGenre', 'byYear'];

/** Albums in the order of `ids`, a page of them. */
async function albumsByIds(env: Env, ids: string[], offset: number, size: number, starredAt?: Map<string, number>) {
  const page = ids.slice(offset, offset + size);
  const albums = await loadAlbums(env, page);
  return page.flatMap((id) => {
    const album = albums.get(id);
    return album ? [albumID3(album, { starredAt: starredAt?.get(id) })] : [];
  });
}

async function albumList2({ env, params, user }: MethodContext) {
  const type = params.required('type');
  const size = params.int('size', DEFAULT_SIZE, 0, MAX_SIZE);
  const offset = params.int('offset', 0, 0, Number.MAX_SAFE_INTEGER);
  if (type === 'recent' || type === 'frequent') {
    return albumsByIds(env, await listenedAlbumIds(env, user.id, type), offset, size);
  }
  if (type === 'starred') {
    const { rows } = await list(env, user.id, 'album', { limit: offset + size, offset: 0 });
    return albumsByIds(
      env,
      rows.map((r) => r.itemId),
      offset,
      size,
      new Map(rows.map((r) => [r.itemId, r.addedAt])),
    );
  }
  if (!CATALOG_ORDERS.includes(type as AlbumListOrder)) throw new SubsonicError(SubsonicCode.generic, `Unknown album list type ${JSON.stringify(type)}.`);
  const order = type as AlbumListOrder;
  if (order === 'byGenre' && !params.get('genre')) throw missingParameter('genre');
  if (order === 'byYear' && (!params.get('fromYear') || !params.get('toYear'))) throw missingParameter(params.get('fromYear') ? 'toYear' : 'fromYear');
  const albums: AlbumFields[] = await albumList(catalogReads(env), {
    order,
    size,
    offset,
    genre: params.get('genre'),
    fromYear: params.int('fromYear', 0, 0, 9999),
    toYear: params.int('toYear', 0, 0, 9999),
  });
  return albums.map((a) => albumID3(a));
}

export const albumListMethods: MethodTable = {
  getAlbumList2: { run: async (ctx) => ({ albumList2: { album: await albumList2(ctx) } }) },
};

import { loadAlbums, loadArtists, loadTracks } from '#core/catalog/reads.ts';
import type { AlbumSummary, CatalogTrack } from '#core/protocol/catalog-views.ts';
import { listAlbumTracks, listArtistAlbums } from '../../catalog/browse.ts';
import { indexedArtists, type IndexedArtist } from '../catalog-lists.ts';
import { SubsonicCode, SubsonicError } from '../errors.ts';
import type { MethodTable } from '../method.ts';
import { catalogReads } from '../read-sessions.ts';
import { albumID3, artistID3, child, type AlbumFields, type SongAlbum, type SongFields } from '../shapes.ts';

/** Articles the artists index files names without (`The Cure` under C), as getArtists reports them. */
export const IGNORED_ARTICLES = ['The', 'El', 'La', 'Los', 'Las', 'Le', 'Les'];
const ARTICLE = new RegExp(`^(?:${IGNORED_ARTICLES.join('|')})\\s+`, 'i');
/** One answer lists at most this many of an artist's albums or an album's tracks. */
const MAX_CHILDREN = 500;

export const sortName = (name: string) => name.replace(ARTICLE, '');

function indexKey(name: string): string {
  const first = sortName(name).trim().charAt(0).toLocaleUpperCase();
  return /\p{L}/u.test(first) ? first : '#';
}

export function artistIndex(artists: IndexedArtist[]) {
  const groups = new Map<string, IndexedArtist[]>();
  const sorted = [...artists].sort((a, b) => sortName(a.name).localeCompare(sortName(b.name)));
  for (const a of sorted) groups.set(indexKey(a.name), [...(groups.get(indexKey(a.name)) ?? []), a]);
  return [...groups]
    .sort(([a], [b]) => (a === '#' ? 1 : b === '#' ? -1 : a.localeCompare(b)))
    .map(([name, list]) => ({ name, artist: list.map((a) => artistID3(a)) }));
}

const notFound = (what: string, id: string) => new SubsonicError(SubsonicCode.notFound, `No ${what} with id ${JSON.stringify(id)}.`);

/** The REST shapes browse.ts answers with, as the fields the Subsonic shapes take. */
export const albumFieldsOf = (a: AlbumSummary): AlbumFields => ({
  id: a.id,
  name: a.name,
  artist: { id: a.artists[0]?.id ?? '', name: a.artists[0]?.name ?? '' },
  totalTracks: a.total_tracks,
  releaseDate: a.release_date,
  images: a.images,
});

export const songFieldsOf = (t: CatalogTrack, album?: SongAlbum | null): SongFields => ({
  id: t.id,
  title: t.title,
  durationMs: t.duration_ms,
  trackNumber: t.track_number,
  explicit: t.explicit,
  artists: t.artists.map((a) => ({ id: a.id, name: a.name })),
  album: album !== undefined ? album : (t.album ?? null),
});

export const browsingMethods: MethodTable = {
  getArtists: {
    run: async ({ env }) => ({ artists: { ignoredArticles: IGNORED_ARTICLES.join(' '), index: artistIndex(await indexedArtists(catalogReads(env))) } }),
  },
  getArtist: {
    run: async ({ env, params }) => {
      const id = params.required('id');
      const reads = catalogReads(env);
      const artist = (await loadArtists(env, [id], { reader: (n) => reads.shard(n) })).get(id);
      if (!artist) throw notFound('artist', id);
      const { items } = await listArtistAlbums(env, reads, id, MAX_CHILDREN, 0);
      return { artist: { ...artistID3({ ...artist, albumCount: items.length }), album: items.map((a) => albumID3(albumFieldsOf(a))) } };
    },
  },
  getAlbum: {
    run: async ({ env, params }) => {
      const id = params.required('id');
      const reads = catalogReads(env);
      const album = (await loadAlbums(env, [id], { reader: (n) => reads.shard(n) })).get(id);
      if (!album) throw notFound('album', id);
      const { items } = await listAlbumTracks(env, reads, id, MAX_CHILDREN, 0);
      const ref = { id: album.id, name: album.name, imageHash: album.imageHash };
      const songs = items.map((t) => child({ ...songFieldsOf(t, ref), releaseDate: album.releaseDate }));
      const durationMs = items.reduce((sum, t) => sum + (t.duration_ms ?? 0), 0);
      return { album: { ...albumID3({ ...album, durationMs }), song: songs } };
    },
  },
  getSong: {
    run: async ({ env, params }) => {
      const id = params.required('id');
      const track = (await loadTracks(env, [id])).get(id);
      if (track?.status !== 'ready') throw notFound('song', id);
      return { song: child(track) };
    },
  },
};

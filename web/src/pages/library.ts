import { api } from '../api.ts';
import type { Player } from '../player/controller.ts';
import type { Album, Artist, Page, PlaylistSummary, Track } from '../types.ts';
import { cardGrid } from '../ui/cards.ts';
import { h } from '../ui/dom.ts';
import { guarded } from '../ui/guarded.ts';
import { trackList } from '../ui/track-list.ts';

/** How many of each kind the page shows. */
const SHOWN = 20;

const section = (title: string, body: HTMLElement, empty: string, hasItems: boolean) =>
  h('section', { 'aria-label': title, 'data-section': title }, h('h2', {}, title), hasItems ? body : h('p', { className: 'muted' }, empty));

/** Saved albums are listed by id; each album's object comes from its own read (there are at most SHOWN). */
async function savedAlbums(): Promise<Album[]> {
  const saved = await api<Page<{ id: string }>>('GET', `/api/v1/me/library?type=album&limit=${SHOWN}`);
  const albums = await Promise.all(saved.items.map((s) => api<Album>('GET', `/api/v1/albums/${encodeURIComponent(s.id)}`).catch(() => null)));
  return albums.filter((a): a is Album => a !== null);
}

/** The library: liked songs, saved albums, followed artists and playlists. */
export function libraryPage(player: Player) {
  return (outlet: HTMLElement) =>
    guarded(outlet, async () => {
      const [liked, albums, artists, playlists] = await Promise.all([
        api<Page<{ track: Track | null }>>('GET', `/api/v1/me/tracks?limit=${SHOWN}`),
        savedAlbums(),
        api<Page<Artist>>('GET', `/api/v1/me/following?type=artist&limit=${SHOWN}`),
        api<Page<PlaylistSummary>>('GET', `/api/v1/me/playlists?limit=${SHOWN}`),
      ]);
      const tracks = liked.items.flatMap((i) => (i.track ? [i.track] : []));
      outlet.append(
        h('h1', {}, 'Your library'),
        section('Liked songs', trackList(player, tracks), 'Songs you save appear here.', tracks.length > 0),
        section('Albums', cardGrid(albums, 'Saved albums'), 'Albums you save appear here.', albums.length > 0),
        section('Artists', cardGrid(artists.items, 'Followed artists'), 'Artists you follow appear here.', artists.items.length > 0),
        section('Playlists', cardGrid(playlists.items, 'Your playlists'), 'Playlists you make or follow appear here.', playlists.items.length > 0),
      );
    });
}

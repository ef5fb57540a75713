import { api } from '../api.ts';
import type { Player } from '../player/controller.ts';
import type { Album, Artist, Page, PlaylistSummary, Track } from '../types.ts';
import { type CardItem, cardGrid } from '../ui/cards.ts';
import { h } from '../ui/dom.ts';
import { loadedSections } from '../ui/section.ts';
import { trackList } from '../ui/track-list.ts';

/** How many of each kind the page shows. */
const SHOWN = 20;

const empty = (text: string) => h('p', { className: 'muted' }, text);
const grid = (items: CardItem[], label: string, none: string) => (items.length ? cardGrid(items, label) : empty(none));

/** Saved albums are listed by id; each album's object comes from its own read (there are at most SHOWN). */
async function savedAlbums(): Promise<Album[]> {
  const saved = await api<Page<{ id: string }>>('GET', `/api/v1/me/library?type=album&limit=${SHOWN}`);
  const albums = await Promise.all(saved.items.map((s) => api<Album>('GET', `/api/v1/albums/${encodeURIComponent(s.id)}`).catch(() => null)));
  return albums.filter((a): a is Album => a !== null);
}

/** The library: liked songs, saved albums, followed artists and playlists, each loaded on its own. */
export function libraryPage(player: Player) {
  return async (outlet: HTMLElement) => {
    outlet.append(h('h1', {}, 'Your library'));
    await loadedSections(outlet, [
      [
        'Liked songs',
        async () => {
          const liked = await api<Page<{ track: Track | null }>>('GET', `/api/v1/me/tracks?limit=${SHOWN}`);
          const tracks = liked.items.flatMap((i) => (i.track ? [i.track] : []));
          return tracks.length ? trackList(player, tracks) : empty('Songs you like appear here.');
        },
      ],
      ['Albums', async () => grid(await savedAlbums(), 'Saved albums', 'Albums you save appear here.')],
      [
        'Artists',
        async () =>
          grid(
            (await api<Page<Artist>>('GET', `/api/v1/me/following?type=artist&limit=${SHOWN}`)).items,
            'Followed artists',
            'Artists you follow appear here.',
          ),
      ],
      [
        'Playlists',
        async () =>
          grid((await api<Page<PlaylistSummary>>('GET', `/api/v1/me/playlists?limit=${SHOWN}`)).items, 'Your playlists', 'Playlists you make appear here.'),
      ],
    ]);
  };
}

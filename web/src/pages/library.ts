import { api } from '../api.ts';
import type { Player } from '../player/controller.ts';
import type { Album, Artist, Page, PlaylistSummary, ShowSummary, Track } from '../types.ts';
import { type CardItem, cardGrid } from '../ui/cards.ts';
import { h } from '../ui/dom.ts';
import { loadedSections } from '../ui/section.ts';
import { trackList } from '../ui/track-list.ts';

/** How many of each kind the page shows. */
const SHOWN = 20;

const empty = (text: string) => h('p', { className: 'muted' }, text);
const grid = (items: CardItem[], label: string, none: string) => (items.length ? cardGrid(items, label) : empty(none));

/** Saved albums and followed shows are listed by id; each object comes from its own read (there are at most SHOWN). */
async function saved<T>(type: 'album' | 'show', path: string): Promise<T[]> {
  const ids = await api<Page<{ id: string }>>('GET', `/api/v1/me/library?type=${type}&limit=${SHOWN}`);
  const items = await Promise.all(ids.items.map((s) => api<T>('GET', `/api/v1/${path}/${encodeURIComponent(s.id)}`).catch(() => null)));
  return items.filter((a): a is Awaited<T> => a !== null);
}

/** The library: liked songs, saved albums, followed artists, followed podcasts and playlists, each loaded on its own. */
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
      ['Albums', async () => grid(await saved<Album>('album', 'albums'), 'Saved albums', 'Albums you save appear here.')],
      [
        'Artists',
        async () =>
          grid(
            (await api<Page<Artist>>('GET', `/api/v1/me/following?type=artist&limit=${SHOWN}`)).items,
            'Followed artists',
            'Artists you follow appear here.',
          ),
      ],
      ['Podcasts', async () => grid(await saved<ShowSummary>('show', 'shows'), 'Followed shows', 'Shows you follow appear here.')],
      [
        'Playlists',
        async () =>
          grid((await api<Page<PlaylistSummary>>('GET', `/api/v1/me/playlists?limit=${SHOWN}`)).items, 'Your playlists', 'Playlists you make appear here.'),
      ],
    ]);
  };
}

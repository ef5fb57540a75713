import { api } from '../api.ts';
import type { Player } from '../player/controller.ts';
import type { Album, Genre, Page, PlaylistSummary, Track } from '../types.ts';
import { cardGrid } from '../ui/cards.ts';
import { h } from '../ui/dom.ts';
import { guarded } from '../ui/guarded.ts';
import { loadedSections } from '../ui/section.ts';
import { trackList } from '../ui/track-list.ts';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function genreTiles(genres: Genre[]): HTMLElement {
  if (!genres.length) return h('p', { className: 'muted' }, 'No genres yet.');
  return h(
    'ul',
    { className: 'genre-tiles' },
    genres.map((g) =>
      h(
        'li',
        {},
        h(
          'a',
          { href: `/genre/${encodeURIComponent(g.id)}`, className: 'genre-tile' },
          h('span', { className: 'art-title' }, g.name),
          h('span', { className: 'art-subtitle' }, plural(g.track_count, 'track')),
        ),
      ),
    ),
  );
}

const grid = (items: (Album | PlaylistSummary)[], label: string, empty: string) =>
  items.length ? cardGrid(items, label) : h('p', { className: 'muted' }, empty);

/** Browse: genres (each a page of its most popular tracks), new releases and featured playlists. */
export async function browsePage(outlet: HTMLElement): Promise<void> {
  outlet.append(h('h1', {}, 'Browse'));
  await loadedSections(outlet, [
    ['Genres', async () => genreTiles((await api<{ items: Genre[] }>('GET', '/api/v1/browse/genres')).items)],
    ['New releases', async () => grid((await api<Page<Album>>('GET', '/api/v1/browse/new-releases?limit=20')).items, 'New releases', 'No releases yet.')],
    [
      'Featured playlists',
      async () =>
        grid((await api<Page<PlaylistSummary>>('GET', '/api/v1/browse/featured-playlists?limit=20')).items, 'Featured playlists', 'No featured playlists yet.'),
    ],
  ]);
}

/** A genre's most popular tracks. */
export function genrePage(player: Player) {
  return (outlet: HTMLElement, { id }: Record<string, string>) =>
    guarded(outlet, async () => {
      const genre = await api<{ id: string; name: string; tracks: Page<Track> }>('GET', `/api/v1/browse/genres/${encodeURIComponent(id!)}?limit=50`);
      outlet.append(
        h(
          'header',
          { className: 'hero' },
          h('div', { className: 'hero-text' }, h('p', { className: 'kind' }, 'Genre'), h('h1', { className: 'genre-name' }, genre.name)),
        ),
        h('p', { className: 'muted' }, `${plural(genre.tracks.total, 'track')}, most popular first`),
        genre.tracks.items.length ? trackList(player, genre.tracks.items) : h('p', {}, 'No tracks in this genre yet.'),
      );
    });
}

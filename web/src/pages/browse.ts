import { api } from '../api.ts';
import type { Player } from '../player/controller.ts';
import type { Album, Genre, Page, PlaylistSummary, Track } from '../types.ts';
import { cardGrid } from '../ui/cards.ts';
import { h } from '../ui/dom.ts';
import { guarded } from '../ui/guarded.ts';
import { trackList } from '../ui/track-list.ts';

const section = (title: string, body: HTMLElement) => h('section', { 'aria-label': title }, h('h2', {}, title), body);

/** Browse: genres (each a page of its most popular tracks), new releases and featured playlists. */
export function browsePage(outlet: HTMLElement): Promise<void> {
  return guarded(outlet, async () => {
    const [genres, releases, featured] = await Promise.all([
      api<{ items: Genre[] }>('GET', '/api/v1/browse/genres'),
      api<Page<Album>>('GET', '/api/v1/browse/new-releases?limit=20'),
      api<Page<PlaylistSummary>>('GET', '/api/v1/browse/featured-playlists?limit=20'),
    ]);
    outlet.append(
      h('h1', {}, 'Browse'),
      section(
        'Genres',
        genres.items.length
          ? h(
              'ul',
              { className: 'genre-tiles' },
              genres.items.map((g) =>
                h(
                  'li',
                  {},
                  h(
                    'a',
                    { href: `/genre/${encodeURIComponent(g.id)}`, className: 'genre-tile' },
                    h('span', { className: 'art-title' }, g.name),
                    h('span', { className: 'art-subtitle' }, `${g.track_count} track${g.track_count === 1 ? '' : 's'}`),
                  ),
                ),
              ),
            )
          : h('p', {}, 'No genres yet.'),
      ),
      section('New releases', releases.items.length ? cardGrid(releases.items, 'New releases') : h('p', {}, 'No releases yet.')),
      section('Featured playlists', featured.items.length ? cardGrid(featured.items, 'Featured playlists') : h('p', {}, 'No featured playlists yet.')),
    );
  });
}

/** A genre's most popular tracks. */
export function genrePage(player: Player) {
  return (outlet: HTMLElement, { id }: Record<string, string>) =>
    guarded(outlet, async () => {
      const genre = await api<{ id: string; name: string; tracks: Page<Track> }>('GET', `/api/v1/browse/genres/${encodeURIComponent(id!)}?limit=50`);
      outlet.append(
        h('header', { className: 'hero' }, h('div', { className: 'hero-text' }, h('p', { className: 'kind' }, 'Genre'), h('h1', {}, genre.name))),
        genre.tracks.items.length ? trackList(player, genre.tracks.items) : h('p', {}, 'No tracks in this genre yet.'),
      );
    });
}

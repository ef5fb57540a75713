import { uri } from '#core/protocol/uris.ts';
import { api, errorMessage } from '../api.ts';
import type { Player } from '../player/controller.ts';
import type { Album, Artist, Page, Track } from '../types.ts';
import { h } from '../ui/dom.ts';
import { trackList } from '../ui/track-list.ts';

/** Artist page: name, genres, albums. */
export function artistPage(outlet: HTMLElement, { id }: Record<string, string>): Promise<void> {
  return guarded(outlet, async () => {
    const [artist, albums] = await Promise.all([
      api<Artist>('GET', `/api/v1/artists/${encodeURIComponent(id!)}`),
      api<Page<Album>>('GET', `/api/v1/artists/${encodeURIComponent(id!)}/albums?limit=50`),
    ]);
    outlet.append(
      h(
        'header',
        { className: 'hero' },
        h('p', { className: 'kind' }, 'Artist'),
        h('h1', {}, artist.name),
        artist.genres.length ? h('p', {}, artist.genres.join(' · ')) : null,
      ),
      h('h2', {}, 'Albums'),
      albums.items.length
        ? h(
            'ul',
            { className: 'cards' },
            albums.items.map((a) =>
              h(
                'li',
                {},
                h(
                  'a',
                  { href: `/album/${encodeURIComponent(a.id)}`, className: 'card' },
                  h('strong', {}, a.name),
                  h('span', {}, `${a.release_date?.slice(0, 4) ?? ''} · ${a.total_tracks} tracks`),
                ),
              ),
            ),
          )
        : h('p', {}, 'No albums yet.'),
    );
  });
}

/** Album page: its tracks, playable as a context. */
export function albumPage(player: Player) {
  return (outlet: HTMLElement, { id }: Record<string, string>) =>
    guarded(outlet, async () => {
      const album = await api<Album & { tracks: Page<Track> }>('GET', `/api/v1/albums/${encodeURIComponent(id!)}`);
      const tracks = album.tracks.items.map((t) => ({ ...t, album: t.album ?? { id: album.id, name: album.name } }));
      outlet.append(
        h(
          'header',
          { className: 'hero' },
          h('p', { className: 'kind' }, 'Album'),
          h('h1', {}, album.name),
          h(
            'p',
            {},
            album.artists.flatMap((a, i) => [i ? ', ' : '', h('a', { href: `/artist/${encodeURIComponent(a.id)}` }, a.name)]),
            album.release_date ? ` · ${album.release_date.slice(0, 4)}` : '',
          ),
          h('button', { type: 'button', className: 'primary-button', onclick: () => void player.playTracks(tracks, 0, uri('album', album.id)) }, 'Play album'),
        ),
        trackList(player, tracks, { contextUri: uri('album', album.id) }),
      );
    });
}

async function guarded(outlet: HTMLElement, load: () => Promise<void>): Promise<void> {
  const loading = h('p', { role: 'status' }, 'Loading…');
  outlet.append(loading);
  try {
    await load();
  } catch (err) {
    outlet.append(h('p', { role: 'alert', className: 'form-error' }, errorMessage(err)));
  } finally {
    loading.remove();
  }
}

import { uri } from '#core/protocol/uris.ts';
import { api } from '../api.ts';
import type { Player } from '../player/controller.ts';
import type { Album, Artist, Page, Track } from '../types.ts';
import { cover, HERO_COVER_PX } from '../ui/artwork.ts';
import { cardGrid } from '../ui/cards.ts';
import { h } from '../ui/dom.ts';
import { guarded } from '../ui/guarded.ts';
import { radioButton } from '../ui/radio-button.ts';
import { saveButton } from '../ui/save-button.ts';
import { shareButton } from '../ui/share-button.ts';
import { trackList } from '../ui/track-list.ts';

const followers = (n: number) => `${n.toLocaleString('en')} follower${n === 1 ? '' : 's'}`;

/** Artist page: picture, followers, Follow (saving the artist), Start radio and Share, albums with their covers. */
export function artistPage(player: Player) {
  return (outlet: HTMLElement, { id }: Record<string, string>): Promise<void> =>
    guarded(outlet, async () => {
      const [artist, albums] = await Promise.all([
        api<Artist>('GET', `/api/v1/artists/${encodeURIComponent(id!)}`),
        api<Page<Album>>('GET', `/api/v1/artists/${encodeURIComponent(id!)}/albums?limit=50`),
      ]);
      let total = artist.followers?.total;
      const count = h('p', { className: 'muted', 'data-testid': 'followers' }, total === undefined ? '' : followers(total));
      const follow = saveButton(
        uri('artist', artist.id),
        { save: 'Follow', saved: 'Following', savedMessage: `You follow ${artist.name}.`, removedMessage: `You no longer follow ${artist.name}.` },
        {
          onChange: (now) => {
            if (total === undefined) return;
            total += now ? 1 : -1;
            count.textContent = followers(total);
          },
        },
      );
      outlet.append(
        h(
          'header',
          { className: 'hero' },
          cover(artist.images, HERO_COVER_PX, `Picture of ${artist.name}`, 'round'),
          h(
            'div',
            { className: 'hero-text' },
            h('p', { className: 'kind' }, 'Artist'),
            h('h1', {}, artist.name),
            artist.genres.length ? h('p', {}, artist.genres.join(' · ')) : null,
            count,
            h(
              'div',
              { className: 'actions' },
              follow,
              radioButton(player, { kind: 'artist', id: artist.id, name: artist.name }),
              shareButton(uri('artist', artist.id), artist.name),
            ),
          ),
        ),
        h('h2', {}, 'Albums'),
        albums.items.length ? cardGrid(albums.items, `Albums by ${artist.name}`) : h('p', {}, 'No albums yet.'),
      );
    });
}

/** Album page: cover, its tracks playable as a context, and a Save button. */
export function albumPage(player: Player) {
  return (outlet: HTMLElement, { id }: Record<string, string>) =>
    guarded(outlet, async () => {
      const album = await api<Album & { tracks: Page<Track> }>('GET', `/api/v1/albums/${encodeURIComponent(id!)}`);
      const ref = { id: album.id, name: album.name, images: album.images };
      const tracks = album.tracks.items.map((t) => ({ ...t, album: t.album ? { ...ref, ...t.album } : ref }));
      outlet.append(
        h(
          'header',
          { className: 'hero' },
          cover(album.images, HERO_COVER_PX, `Cover of ${album.name}`),
          h(
            'div',
            { className: 'hero-text' },
            h('p', { className: 'kind' }, 'Album'),
            h('h1', {}, album.name),
            h(
              'p',
              {},
              album.artists.flatMap((a, i) => [i ? ', ' : '', h('a', { href: `/artist/${encodeURIComponent(a.id)}` }, a.name)]),
              album.release_date ? ` · ${album.release_date.slice(0, 4)}` : '',
              ` · ${album.total_tracks} track${album.total_tracks === 1 ? '' : 's'}`,
            ),
            h(
              'div',
              { className: 'actions' },
              h(
                'button',
                { type: 'button', className: 'primary-button', onclick: () => void player.playTracks(tracks, 0, uri('album', album.id)) },
                'Play album',
              ),
              saveButton(uri('album', album.id), {
                save: 'Save to library',
                saved: 'Saved',
                savedMessage: `${album.name} is in your library.`,
                removedMessage: `${album.name} left your library.`,
              }),
              shareButton(uri('album', album.id), album.name),
            ),
          ),
        ),
        trackList(player, tracks, { contextUri: uri('album', album.id), covers: false }),
      );
    });
}

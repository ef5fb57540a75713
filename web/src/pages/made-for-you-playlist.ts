import { uri } from '#core/protocol/uris.ts';
import type { Player } from '../player/controller.ts';
import type { Playlist } from '../types.ts';
import { cover, HERO_COVER_PX } from '../ui/artwork.ts';
import { MADE_BY_ENCORE } from '../ui/cards.ts';
import { h } from '../ui/dom.ts';
import { playlistFollowButton } from '../ui/playlist-follow-button.ts';
import { trackList } from '../ui/track-list.ts';

/**
 * An algorithmic playlist (Discover Weekly): Encore writes it for one listener
 * each week, so it has no editing controls and no live view; the listener can
 * play it and save it to their library. It is private to them: no Share.
 */
export function madeForYouPlaylist(player: Player, outlet: HTMLElement, playlist: Playlist): void {
  const tracks = playlist.items.items.map((i) => i.track);
  const contextUri = uri('playlist', playlist.id);
  outlet.append(
    h(
      'header',
      { className: 'hero' },
      cover(playlist.images, HERO_COVER_PX, `Cover of ${playlist.name}`),
      h(
        'div',
        { className: 'hero-text' },
        h('p', { className: 'kind', 'data-testid': 'made-for-you' }, MADE_BY_ENCORE),
        h('h1', {}, playlist.name),
        playlist.description ? h('p', { className: 'muted' }, playlist.description) : null,
        h('p', { className: 'muted' }, `${tracks.length} track${tracks.length === 1 ? '' : 's'} · refreshed every week`),
        h(
          'div',
          { className: 'actions' },
          h('button', { type: 'button', className: 'primary-button', onclick: () => void player.playTracks(tracks, 0, contextUri) }, 'Play'),
          playlistFollowButton(playlist),
        ),
      ),
    ),
    tracks.length ? trackList(player, tracks, { contextUri }) : h('p', {}, 'Your next playlist arrives once you have listened a little more.'),
  );
  outlet.lastElementChild?.setAttribute('aria-label', 'Playlist tracks');
}

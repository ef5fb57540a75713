import type { Player } from '../player/controller.ts';
import type { FriendActivity } from '../types.ts';
import { cover } from '../ui/artwork.ts';
import { h } from '../ui/dom.ts';
import { isoTime, timeAgo } from '../ui/relative-time.ts';

/** The width of a friend's track cover. */
const FRIEND_COVER_PX = 48;

/** One person: who, what they play (a button that plays it here), and "Playing now" or how long ago. */
function friendRow(player: Player, item: FriendActivity): HTMLLIElement {
  const artists = item.track.artists.map((a) => a.name).join(', ');
  return h(
    'li',
    { className: 'friend', 'data-user-id': item.user.id },
    cover(item.track.album?.images, FRIEND_COVER_PX),
    h(
      'div',
      { className: 'friend-text' },
      h('span', { className: 'friend-name' }, item.user.display_name),
      h(
        'button',
        {
          type: 'button',
          className: 'friend-track',
          'aria-label': `Play ${item.track.title} by ${artists}, from ${item.user.display_name}`,
          onclick: () => void player.playTracks([item.track], 0),
        },
        h('span', { className: 'friend-title' }, item.track.title),
        h('span', { className: 'friend-artists' }, artists),
      ),
      item.playing
        ? h('span', { className: 'friend-when playing', 'data-testid': 'friend-when' }, 'Playing now')
        : h('time', { className: 'friend-when', dateTime: isoTime(item.timestamp), 'data-testid': 'friend-when' }, timeAgo(item.timestamp)),
    ),
  );
}

/** What followed people play now or last played, newest first as the API sends them. */
export function friendList(player: Player, items: FriendActivity[]): HTMLElement {
  if (!items.length) {
    return h(
      'p',
      { className: 'muted' },
      'Follow people to see what they play. Ask a friend for their user id (on their Account page), or follow a playlist’s owner from the playlist.',
    );
  }
  return h(
    'ul',
    { className: 'friend-list', 'aria-label': 'What people you follow play' },
    items.map((item) => friendRow(player, item)),
  );
}

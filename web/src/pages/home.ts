import { parseUri } from '#core/protocol/uris.ts';
import { api } from '../api.ts';
import type { Player } from '../player/controller.ts';
import { continueListeningRow } from '../podcasts/continue-listening.ts';
import type { Home, ResumableEpisode, Track } from '../types.ts';
import { cardGrid } from '../ui/cards.ts';
import { append, h } from '../ui/dom.ts';
import { guarded } from '../ui/guarded.ts';

type Section = Home['sections'][number];

const tracksOf = (s: Section): Track[] => s.items.filter((i): i is Track => i.uri !== undefined && parseUri(i.uri)?.kind === 'track');

/**
 * A section's head. Made for you (recommended tracks, and the listener's
 * Discover Weekly playlist) also plays its tracks in one go.
 */
function sectionHead(player: Player, s: Section): HTMLElement {
  const heading = h('h2', { id: `home-${s.id}` }, s.title);
  const tracks = s.id === 'made_for_you' ? tracksOf(s) : [];
  if (!tracks.length) return heading;
  return h(
    'div',
    { className: 'section-head' },
    heading,
    h('button', { type: 'button', className: 'save-button', 'aria-label': `Play ${s.title}`, onclick: () => void player.playTracks(tracks, 0) }, 'Play'),
  );
}

/** Continue listening is a row of started episodes; every other section a grid of cards. */
function sectionBody(player: Player, s: Section): HTMLElement {
  if (s.id === 'continue_listening') return continueListeningRow(player, s.items as ResumableEpisode[], s.title);
  return cardGrid(s.items, s.title);
}

/** The landing page after login: the sections of `GET /me/home` as artwork grids. */
export function homePage(player: Player) {
  return (outlet: HTMLElement): Promise<void> =>
    guarded(outlet, async () => {
      const home = await api<Home>('GET', '/api/v1/me/home');
      append(outlet, [
        h('h1', {}, greeting()),
        ...home.sections.map((s) =>
          h('section', { className: 'home-section', 'aria-labelledby': `home-${s.id}`, 'data-section': s.id }, sectionHead(player, s), sectionBody(player, s)),
        ),
        home.sections.length
          ? null
          : h(
              'p',
              {},
              'Nothing here yet. ',
              h('a', { href: '/browse' }, 'Browse new releases and genres'),
              ', or ',
              h('a', { href: '/search' }, 'search'),
              ' for something to play.',
            ),
      ]);
    });
}

function greeting(): string {
  const hour = new Date().getHours();
  return hour < 5 ? 'Good night' : hour < 12 ? 'Good morning' : hour < 18 ? 'Good afternoon' : 'Good evening';
}

import type { Player } from '../player/controller.ts';
import type { ResumableEpisode } from '../types.ts';
import { cover } from '../ui/artwork.ts';
import { h } from '../ui/dom.ts';
import { icon } from '../ui/icons.ts';
import { heardBar } from './episode-list.ts';
import { resumeStatus } from './resume-status.ts';
import './podcasts.css';

/** The width a card's show artwork is shown at, at most. */
const ARTWORK_PX = 180;

/**
 * Home's Continue listening: one card per started episode, the show's artwork
 * as a Resume button (it plays from the resume point), the episode's title as a
 * link to its page, and how much is heard as a bar with the time left beside it.
 */
export function continueListeningRow(player: Player, episodes: ResumableEpisode[], label: string): HTMLUListElement {
  return h(
    'ul',
    { className: 'continue-row', 'aria-label': label },
    episodes.map((episode) => {
      const status = resumeStatus(episode.resume_point, episode.duration_ms);
      return h(
        'li',
        { className: 'continue-card', 'data-episode-id': episode.id },
        h(
          'button',
          {
            type: 'button',
            className: 'continue-resume',
            'data-testid': 'continue-resume',
            'aria-label': `Resume ${episode.name}, ${status.text}`,
            onclick: () => void player.playEpisode(episode.id),
          },
          cover(episode.images, ARTWORK_PX),
          h('span', { className: 'continue-play', 'aria-hidden': 'true' }, icon('play')),
        ),
        // Inside a span, the link stays inline text (a block-level link would be a 44 px target of its own).
        h('span', { className: 'art-title' }, h('a', { href: `/episode/${encodeURIComponent(episode.id)}` }, episode.name)),
        h('span', { className: 'art-subtitle' }, episode.show.name),
        h('span', { className: 'episode-status', 'data-testid': 'episode-status' }, heardBar(status.heard, episode.name), h('span', {}, status.text)),
      );
    }),
  );
}

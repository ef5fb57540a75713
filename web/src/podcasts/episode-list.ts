import type { Player } from '../player/controller.ts';
import type { ListedEpisode } from '../types.ts';
import { h } from '../ui/dom.ts';
import { icon } from '../ui/icons.ts';
import { episodeLength, publishedOn, resumeStatus } from './resume-status.ts';

/** The heard part of an episode as a bar (with its text beside it for everyone, not only screen readers). */
export function heardBar(heard: number, name: string): HTMLElement {
  return h('progress', { className: 'heard', max: 1, value: heard, 'aria-label': `Heard of ${name}` });
}

/**
 * A show's episodes, newest first: title (a link to the episode), date and
 * length, a Play button, and from the listener's resume point (the listing
 * carries it) how much is heard, Play turning into Resume.
 */
export function episodeList(player: Player, episodes: ListedEpisode[]): HTMLOListElement {
  return h(
    'ol',
    { className: 'episodes', 'aria-label': 'Episodes' },
    episodes.map((episode) => {
      const s = resumeStatus(episode.resume_point, episode.duration_ms);
      const label = h('span', {}, s.action);
      const button = h(
        'button',
        { type: 'button', className: 'play-episode', 'data-testid': 'play-episode', onclick: () => void player.playEpisode(episode.id) },
        icon('play'),
        h('span', { className: 'sr-only' }, label, ` ${episode.name}`),
      );
      const status = h(
        'span',
        { className: 'episode-status', 'data-testid': 'episode-status' },
        s.heard > 0 ? [heardBar(s.heard, episode.name), h('span', {}, s.text)] : [],
      );
      return h(
        'li',
        { className: 'episode-row', 'data-episode-id': episode.id },
        button,
        h(
          'div',
          { className: 'episode-meta' },
          // Inside a span, the link stays inline text (a block-level link would be a 44 px target of its own).
          h('span', { className: 'episode-title' }, h('a', { href: `/episode/${encodeURIComponent(episode.id)}` }, episode.name)),
          h('span', { className: 'muted' }, [publishedOn(episode.release_date), episodeLength(episode.duration_ms)].filter(Boolean).join(' · ')),
          episode.description ? h('p', { className: 'episode-description' }, episode.description) : null,
          status,
        ),
      );
    }),
  );
}

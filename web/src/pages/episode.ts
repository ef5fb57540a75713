import { api } from '../api.ts';
import type { Player } from '../player/controller.ts';
import { heardBar } from '../podcasts/episode-list.ts';
import { episodeLength, publishedOn, resumeStatus } from '../podcasts/resume-status.ts';
import type { EpisodeView } from '../types.ts';
import { cover, HERO_COVER_PX } from '../ui/artwork.ts';
import { append, formatTime, h } from '../ui/dom.ts';
import { guarded } from '../ui/guarded.ts';
import { shareButton } from '../ui/share-button.ts';
import { uri } from '#core/protocol/uris.ts';
import '../podcasts/podcasts.css';

/** Episode page: its show's artwork, title, show link, how much is heard, Play or Resume, Share, the description and chapters. */
export function episodePage(player: Player) {
  return (outlet: HTMLElement, { id }: Record<string, string>) =>
    guarded(outlet, async () => {
      const episode = await api<EpisodeView>('GET', `/api/v1/episodes/${encodeURIComponent(id!)}`);
      const status = resumeStatus(episode.resume_point, episode.duration_ms);
      const play = h(
        'button',
        {
          type: 'button',
          className: 'primary-button',
          'data-testid': 'play-episode',
          disabled: !episode.stream,
          onclick: () => void player.playEpisode(episode.id),
        },
        episode.stream ? status.action : 'Not ready yet',
      );
      append(outlet, [
        h(
          'header',
          { className: 'hero' },
          cover(episode.images, HERO_COVER_PX, `Artwork of ${episode.show.name}`),
          h(
            'div',
            { className: 'hero-text' },
            h('p', { className: 'kind' }, 'Episode'),
            h('h1', {}, episode.name),
            h('p', {}, h('a', { href: `/show/${encodeURIComponent(episode.show.id)}` }, episode.show.name), ` · ${episode.show.publisher}`),
            h('p', { className: 'muted' }, [publishedOn(episode.release_date), episodeLength(episode.duration_ms)].filter(Boolean).join(' · ')),
            status.heard > 0
              ? h('p', { className: 'episode-status', 'data-testid': 'episode-status' }, heardBar(status.heard, episode.name), h('span', {}, status.text))
              : null,
            h('div', { className: 'actions' }, play, episode.stream ? shareButton(uri('episode', episode.id), episode.name) : null),
          ),
        ),
        episode.description ? h('p', { className: 'show-description' }, episode.description) : null,
        episode.chapters.length
          ? h(
              'section',
              { 'aria-label': 'Chapters' },
              h('h2', {}, 'Chapters'),
              h(
                'ol',
                { className: 'chapters' },
                episode.chapters.map((c) => h('li', {}, h('span', { className: 'time' }, formatTime(c.start_ms)), ` ${c.title}`)),
              ),
            )
          : null,
      ]);
    });
}

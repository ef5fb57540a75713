import { uri } from '#core/protocol/uris.ts';
import { api } from '../api.ts';
import type { Player } from '../player/controller.ts';
import { episodeList } from '../podcasts/episode-list.ts';
import type { ListedEpisode, Page, ShowSummary } from '../types.ts';
import { cover, HERO_COVER_PX } from '../ui/artwork.ts';
import { append, h } from '../ui/dom.ts';
import { guarded } from '../ui/guarded.ts';
import { saveButton } from '../ui/save-button.ts';
import { shareButton } from '../ui/share-button.ts';
import '../podcasts/podcasts.css';

/** Episodes listed on a show's page (the newest). */
const EPISODES_SHOWN = 20;

/** Show page: artwork, name, publisher, description, Follow (the library), and its episodes newest first. */
export function showPage(player: Player) {
  return (outlet: HTMLElement, { id }: Record<string, string>) =>
    guarded(outlet, async () => {
      const [show, episodes] = await Promise.all([
        api<ShowSummary>('GET', `/api/v1/shows/${encodeURIComponent(id!)}`),
        api<Page<ListedEpisode>>('GET', `/api/v1/shows/${encodeURIComponent(id!)}/episodes?limit=${EPISODES_SHOWN}`),
      ]);
      append(outlet, [
        h(
          'header',
          { className: 'hero' },
          cover(show.images, HERO_COVER_PX, `Artwork of ${show.name}`),
          h(
            'div',
            { className: 'hero-text' },
            h('p', { className: 'kind' }, 'Podcast'),
            h('h1', {}, show.name),
            h('p', {}, show.publisher, ` · ${show.total_episodes} episode${show.total_episodes === 1 ? '' : 's'}`),
            h(
              'div',
              { className: 'actions' },
              saveButton(uri('show', show.id), {
                save: 'Follow',
                saved: 'Following',
                savedMessage: `You follow ${show.name}.`,
                removedMessage: `You no longer follow ${show.name}.`,
              }),
              shareButton(uri('show', show.id), show.name),
            ),
          ),
        ),
        show.description ? h('p', { className: 'show-description' }, show.description) : null,
        h('h2', {}, 'Episodes'),
        episodes.items.length ? episodeList(player, episodes.items) : h('p', { className: 'muted' }, 'No episodes yet.'),
      ]);
    });
}

import { resumableEpisodes } from '../podcasts/episodes.ts';
import { unfinishedEpisodes } from '../podcasts/progress.ts';
import { HOME_SECTION_ITEMS, type HomeSection } from './section.ts';

/**
 * Episodes the caller started and has not finished, the last listened first,
 * each with its resume point. Read on every request: a place saved a moment
 * ago (on another device) shows at once.
 */
export const continueListeningSection: HomeSection = {
  id: 'continue_listening',
  title: 'Continue listening',
  fresh: true,
  // A few more than shown, for episodes since removed from the catalog.
  items: async ({ env, user }) => (await resumableEpisodes(env, await unfinishedEpisodes(env, user.id, 2 * HOME_SECTION_ITEMS))).slice(0, HOME_SECTION_ITEMS),
};

import { featuredPage } from '../browse/featured-playlists.ts';
import { readInbox } from '../follow/inbox.ts';
import { recommendedTracks } from '../recommendations/recommendations.ts';
import { recentlyPlayedSection } from './recently-played-contexts.ts';
import { HOME_SECTION_ITEMS, type HomeSection } from './section.ts';
import { trendingSection } from './trending-section.ts';

/** New albums by artists the caller follows: the first HOME_SECTION_ITEMS albums of GET /me/inbox. */
const followedReleasesSection: HomeSection = {
  id: 'new_releases',
  title: 'New releases for you',
  items: async ({ env, user }) => (await readInbox(env, user.id, { limit: HOME_SECTION_ITEMS, offset: 0 })).items.map((entry) => entry.album),
};

/** The caller's recommendations (GET /me/recommendations); empty for no one, since popular tracks fill it up. */
const madeForYouSection: HomeSection = {
  id: 'made_for_you',
  title: 'Made for you',
  items: async ({ env, user }) => recommendedTracks(env, user.id, HOME_SECTION_ITEMS),
};

const featuredSection: HomeSection = {
  id: 'featured',
  title: 'Featured playlists',
  items: async ({ env, user }) => (await featuredPage(env, user.id, { limit: HOME_SECTION_ITEMS, offset: 0 })).items,
};

/** The sections of GET /me/home, in the order shown: add a section by adding its builder here. */
export const HOME_SECTIONS: readonly HomeSection[] = [recentlyPlayedSection, followedReleasesSection, trendingSection, madeForYouSection, featuredSection];

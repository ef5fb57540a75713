import { featuredPage } from '../browse/featured-playlists.ts';
import { readInbox } from '../follow/inbox.ts';
import { listedPlaylistsById } from '../playlists/listing.ts';
import { discoverWeeklyId } from '../recommendations/discover-weekly.ts';
import { recommendedTracks } from '../recommendations/recommendations.ts';
import { continueListeningSection } from './continue-listening-section.ts';
import { recentlyPlayedSection } from './recently-played-contexts.ts';
import { HOME_SECTION_ITEMS, type HomeSection } from './section.ts';
import { trendingSection } from './trending-section.ts';

/** New albums by artists the caller follows: the first HOME_SECTION_ITEMS albums of GET /me/inbox. */
const followedReleasesSection: HomeSection = {
  id: 'new_releases',
  title: 'New releases for you',
  items: async ({ env, user }) => (await readInbox(env, user.id, { limit: HOME_SECTION_ITEMS, offset: 0 })).items.map((entry) => entry.album),
};

/** The caller's Discover Weekly playlist once the job wrote it, then their recommendations (GET /me/recommendations), which popular tracks fill up. */
const madeForYouSection: HomeSection = {
  id: 'made_for_you',
  title: 'Made for you',
  async items({ env, user }) {
    const playlistId = await discoverWeeklyId(user.id);
    const [playlist, tracks] = await Promise.all([listedPlaylistsById(env, [playlistId], user.id), recommendedTracks(env, user.id, HOME_SECTION_ITEMS)]);
    return [...playlist.values(), ...tracks].slice(0, HOME_SECTION_ITEMS);
  },
};

const featuredSection: HomeSection = {
  id: 'featured',
  title: 'Featured playlists',
  items: async ({ env, user }) => (await featuredPage(env, user.id, { limit: HOME_SECTION_ITEMS, offset: 0 })).items,
};

/** The sections of GET /me/home, in the order shown: add a section by adding its builder here. */
export const HOME_SECTIONS: readonly HomeSection[] = [
  continueListeningSection,
  recentlyPlayedSection,
  followedReleasesSection,
  trendingSection,
  madeForYouSection,
  featuredSection,
];

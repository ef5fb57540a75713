import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { users } from '#core/db/users-schema.ts';
import { shardDb, shardOfId } from '#core/shards.ts';
import { TRENDING_CACHE_CONTROL, trendingCacheKey } from '../charts/chart-cache.ts';
import { GLOBAL, storedChart, trendingFromChart } from '../charts/trending.ts';
import { cachedJson } from '../http/edge-cache.ts';
import { HOME_SECTION_ITEMS, type HomeContext, type HomeSection } from './section.ts';

/** The listener's region: the request's country, else the account's; null when neither is known. */
async function listenerRegion({ env, user, requestCountry }: HomeContext): Promise<string | null> {
  if (requestCountry) return requestCountry;
  const profile = await drizzle(shardDb(env, 'USERS', shardOfId(env, 'USERS', user.id)))
    .select({ country: users.country })
    .from(users)
    .where(eq(users.id, user.id))
    .get();
  return profile?.country?.toUpperCase() ?? null;
}

const chartOf = (home: HomeContext, region: string) =>
  cachedJson(home.ctx, trendingCacheKey(region), TRENDING_CACHE_CONTROL, () => storedChart(home.env, region)).then((chart) =>
    trendingFromChart(region, HOME_SECTION_ITEMS, chart).items.map((i) => i.track),
  );

/** The trending chart of the listener's region (the same stored, edge-cached chart as GET /charts/trending); the global one when that region's is empty. */
export const trendingSection: HomeSection = {
  id: 'trending',
  title: 'Trending near you',
  async items(home) {
    const region = await listenerRegion(home);
    const regional = region ? await chartOf(home, region) : [];
    return regional.length ? regional : chartOf(home, GLOBAL);
  },
};

/**
 * A region's stored chart is edge-cached for a minute: the charts job purges the
 * regions it wrote in its own data centre, elsewhere a new chart shows within it.
 */
export const TRENDING_CACHE_CONTROL = 'public, max-age=60';

export const trendingCacheKey = (region: string) => `https://charts.encore.internal/v1/trending/${region}`;

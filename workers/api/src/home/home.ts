import { cachedJson } from '../http/edge-cache.ts';
import type { HomeContext, HomeItem } from './section.ts';
import { HOME_SECTIONS } from './sections.ts';

/** How long a section's items are reused for one listener. */
const SECTION_TTL_SECONDS = 30;
/** Said to the client: its own copy only, never a shared cache's. */
export const HOME_CACHE_CONTROL = `private, max-age=${SECTION_TTL_SECONDS}`;

/**
 * Each section is cached in the edge cache under a key that names the user
 * (the id comes from the verified token, never from the request), so an entry
 * can only ever be read back for that same user. The entry itself is not
 * `private`: the Cache API would refuse to store it; no one fetches these
 * internal URLs but this code.
 */
const sectionCacheKey = (userId: string, sectionId: string) => `https://home.encore.internal/v1/users/${encodeURIComponent(userId)}/sections/${sectionId}`;

export async function buildHome(home: HomeContext) {
  const sections = await Promise.all(
    HOME_SECTIONS.map(async (section) => {
      const items = section.fresh
        ? await section.items(home)
        : await cachedJson<HomeItem[]>(home.ctx, sectionCacheKey(home.user.id, section.id), `max-age=${SECTION_TTL_SECONDS}`, () => section.items(home));
      return { id: section.id, title: section.title, items };
    }),
  );
  return { sections: sections.filter((s) => s.items.length > 0) };
}

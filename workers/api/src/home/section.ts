import { z } from 'zod';
import { AlbumSummary, ArtistSummary, TrackSummary } from '#core/protocol/catalog-views.ts';
import { ResumableEpisode } from '#core/protocol/podcast-views.ts';
import type { AuthUser } from '../auth/tokens.ts';
import { ListedPlaylist } from '../playlists/schemas.ts';

/**
 * A home item is an object the rest of the API returns: an album, artist or playlist (as lists show them),
 * a track summary, or an episode with the caller's resume point (Continue listening).
 */
export const HomeItem = z.union([AlbumSummary, ArtistSummary, ListedPlaylist, TrackSummary, ResumableEpisode]);
export type HomeItem = z.infer<typeof HomeItem>;

export const HomeSectionBody = z.object({ id: z.string(), title: z.string(), items: z.array(HomeItem) });
export const HomeBody = z.object({ sections: z.array(HomeSectionBody) });

/** A section shows at most this many items. */
export const HOME_SECTION_ITEMS = 10;

/** What a section builder knows of the request. */
export interface HomeContext {
  env: Env;
  user: AuthUser;
  /** The country the edge located the request in, or null. */
  requestCountry: string | null;
  requestUrl: string;
  ctx: Pick<ExecutionContext, 'waitUntil'>;
}

/** One section of `GET /me/home`: its items for the caller, at most HOME_SECTION_ITEMS; none, and the section is left out. */
export interface HomeSection {
  id: string;
  title: string;
  /** Read on every request instead of from the 30 s per-listener cache. */
  fresh?: boolean;
  items(home: HomeContext): Promise<HomeItem[]>;
}

import { z } from 'zod';
import { AlbumSummary, TrackSummary } from '#core/protocol/catalog-views.ts';
import { PagingQuery } from '../http/paging.ts';

/** Ids one follow or unfollow may name. */
export const MAX_FOLLOW_IDS = 50;

export const FollowBody = z.object({
  type: z.enum(['user', 'artist']),
  ids: z
    .array(z.string().min(1).max(200))
    .min(1)
    .max(MAX_FOLLOW_IDS)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'duplicate ids in one request' }),
});

export const FollowingQuery = PagingQuery.extend({ type: z.enum(['artist', 'user']).default('artist') });

export const FollowedPerson = z.object({ id: z.string(), type: z.literal('user'), uri: z.string(), display_name: z.string(), followed_at: z.string() });
export type FollowedPerson = z.infer<typeof FollowedPerson>;

export const InboxEntry = z.object({ type: z.literal('release'), album: AlbumSummary, released_at: z.string() });

export const FriendActivityBody = z.object({
  items: z.array(
    z.object({
      user: z.object({ id: z.string(), display_name: z.string() }),
      track: TrackSummary,
      playing: z.boolean(),
      /** Epoch milliseconds. */
      timestamp: z.number().int(),
    }),
  ),
});

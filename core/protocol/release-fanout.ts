import { z } from 'zod';

/**
 * Messages of the release fan-out queue (encore-release-fanout, consumed by the
 * api worker, workers/api/src/follow/fanout-consumer.ts).
 *
 * - `release`: an album was released; deliver it to the artist's followers, one
 *   page of followers per message, starting after `after_user_id`.
 * - `follow_sync`: a follow or unfollow reached the follower's library but not the
 *   artist's follower list; make the list agree with the library again.
 */
export const ReleaseMessage = z.object({
  type: z.literal('release'),
  album_id: z.string(),
  after_user_id: z.string().optional(),
});
export type ReleaseMessage = z.infer<typeof ReleaseMessage>;

export const FollowSyncMessage = z.object({ type: z.literal('follow_sync'), user_id: z.string(), artist_id: z.string() });
export type FollowSyncMessage = z.infer<typeof FollowSyncMessage>;

export const FanoutMessage = z.discriminatedUnion('type', [ReleaseMessage, FollowSyncMessage]);
export type FanoutMessage = z.infer<typeof FanoutMessage>;

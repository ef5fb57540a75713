import { z } from 'zod';

export const CreateShowBody = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(4000),
  publisher: z.string().trim().min(1).max(200),
});
export type CreateShowBody = z.infer<typeof CreateShowBody>;

export const PodcastIdParam = z.object({ id: z.string().min(1).max(64) });
export const CreatedShow = z.object({ id: z.string() });

export const ProgressBody = z.object({
  position_ms: z
    .number()
    .int()
    .nonnegative()
    .max(2 ** 31),
});

export const ImportFeedBody = z.object({ feed_url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000) });

export const FeedImportResponse = z.object({
  show_id: z.string(),
  /** True on the feed's first import, which made the show. */
  created: z.boolean(),
  items: z.array(
    z.object({
      guid: z.string(),
      status: z.enum(['imported', 'skipped', 'failed']),
      episode_id: z.string().optional(),
      error: z.string().optional(),
    }),
  ),
});

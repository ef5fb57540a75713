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

import { z } from 'zod';

const Name = z.string().trim().min(1).max(200);
const Description = z.string().max(1000).nullable();

export const CreatePlaylist = z.object({
  name: Name,
  description: Description.optional(),
  public: z.boolean().default(true),
  collaborative: z.boolean().default(false),
});

export const UpdatePlaylist = z
  .object({ name: Name, description: Description, public: z.boolean(), collaborative: z.boolean() })
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });

export const AddCollaborator = z.object({ user_id: z.string().min(1).max(100) });

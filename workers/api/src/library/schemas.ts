import { z } from 'zod';
import { libraryKinds } from '#core/db/users-library.ts';
import { PagingQuery } from '../http/paging.ts';

export const MAX_LIBRARY_IDS = 50;

/** Encore URIs (`encore:track:{id}`) or bare catalog ids; the id's prefix says its kind. */
export const LibraryIds = z.object({
  ids: z
    .array(z.string().min(1).max(200))
    .min(1)
    .max(MAX_LIBRARY_IDS)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'duplicate ids in one request' }),
});

export const LibraryListQuery = PagingQuery.extend({ type: z.enum(libraryKinds).default('track') });

export const ContainsQuery = z.object({ ids: z.string().min(1) });

export const SavedFlag = z.object({ saved: z.literal(true) });
export const RemovedFlag = z.object({ removed: z.literal(true) });
export const LibraryEntry = z.object({ added_at: z.string(), id: z.string(), uri: z.string() });

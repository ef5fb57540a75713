import { z } from 'zod';
import { PagingQuery } from '../http/paging.ts';
import { MAX_QUERY_CHARS } from './query-text.ts';
import { searchTypes, type SearchType } from './search-service.ts';

/**
 * GET /api/v1/search query. `q` is required (a missing or blank q is 400) and at
 * most 256 characters (longer is 400); a one-letter q is valid and answers empty
 * pages. `type` is a comma list of track, artist, album, playlist, show, episode (default: all).
 */
// Deep pages of a relevance ranking are noise and cost a scan of every match: offset stops at 1000.
export const searchQuery = PagingQuery.extend({
  offset: z.coerce.number().int().min(0).max(1000).default(0),
  q: z.string({ error: 'q is required' }).trim().min(1, 'q is required').max(MAX_QUERY_CHARS, `q must be at most ${MAX_QUERY_CHARS} characters`),
  type: z
    .string()
    .default(searchTypes.join(','))
    .transform((raw, ctx) => {
      const types = [...new Set(raw.split(',').map((t) => t.trim()))];
      const bad = types.find((t) => !(searchTypes as readonly string[]).includes(t));
      if (bad !== undefined) {
        ctx.addIssue({ code: 'custom', message: `unknown type ${JSON.stringify(bad)}; expected a comma list of ${searchTypes.join(', ')}` });
        return z.NEVER;
      }
      return types as SearchType[];
    }),
});

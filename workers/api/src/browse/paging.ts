import { z } from 'zod';
import { PagingQuery } from '../http/paging.ts';
import { BROWSE_MAX_DEPTH } from './shard-pages.ts';

/** Paging of lists merged across shards: the usual limit, offsets up to BROWSE_MAX_DEPTH - 50. */
export const BrowsePagingQuery = PagingQuery.extend({
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .max(BROWSE_MAX_DEPTH - 50)
    .default(0),
});

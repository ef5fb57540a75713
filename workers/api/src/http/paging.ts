import { z, type ZodType } from 'zod';

/** `?limit=&offset=` as every list of the API pages them: limit 1–50 (default 20), offset from 0. One paging shape for every list. */
export const PagingQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type PagingQuery = z.infer<typeof PagingQuery>;

export interface Page<T> {
  /** This page's own URL, as Spotify's paging objects carry it. */
  href: string;
  items: T[];
  total: number;
  limit: number;
  offset: number;
  next: string | null;
  previous: string | null;
}

/** A page with absolute `next`/`previous` links built from the request's own URL. */
export function page<T>(requestUrl: string, items: T[], total: number, { limit, offset }: PagingQuery): Page<T> {
  const link = (o: number) => {
    const url = new URL(requestUrl);
    url.searchParams.set('offset', String(o));
    url.searchParams.set('limit', String(limit));
    return url.toString();
  };
  return {
    href: link(offset),
    items,
    total,
    limit,
    offset,
    next: offset + limit < total ? link(offset + limit) : null,
    previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
  };
}

/** The OpenAPI/zod shape of a Page of the given items. */
export const PageOf = <T extends ZodType>(item: T) =>
  z.object({
    href: z.string(),
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
    next: z.string().nullable(),
    previous: z.string().nullable(),
  });

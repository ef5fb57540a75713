import { z } from 'zod';

/** `limit`/`offset` query parameters as in API.md: limit 1–50 (default 20), offset 0–1000. */
export const pagingQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  offset: z.coerce.number().int().min(0).max(1000).default(0),
});

export interface Paging<T> {
  href: string;
  items: T[];
  total: number;
  limit: number;
  offset: number;
  next: string | null;
  previous: string | null;
}

/** A page in the API.md paging shape, with next/previous links built from the request URL. */
export function page<T>(requestUrl: string, items: T[], total: number, limit: number, offset: number): Paging<T> {
  const at = (o: number) => {
    const url = new URL(requestUrl);
    url.searchParams.set('offset', String(o));
    url.searchParams.set('limit', String(limit));
    return url.toString();
  };
  return {
    href: at(offset),
    items,
    total,
    limit,
    offset,
    next: offset + limit < total ? at(offset + limit) : null,
    previous: offset > 0 ? at(Math.max(0, offset - limit)) : null,
  };
}

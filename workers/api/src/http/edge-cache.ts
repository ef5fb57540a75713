/**
 * JSON answers kept in the edge cache (Cache API) under an internal key. The
 * cache is per data centre: a purge reaches only the one it runs in, so what is
 * cached with a max-age must be fine to serve that much out of date elsewhere.
 */

/** What a cache write needs of the request's context: it finishes after the answer. */
type WaitUntil = Pick<ExecutionContext, 'waitUntil'>;

export async function readCachedJson<T>(key: string): Promise<T | undefined> {
  const hit = await caches.default.match(new Request(key));
  return hit ? hit.json<T>() : undefined;
}

/** Stores `value` and resolves once it is stored, for a caller whose next read must be a hit. */
export function putCachedJson(key: string, value: unknown, cacheControl: string): Promise<void> {
  return caches.default.put(new Request(key), Response.json(value, { headers: { 'cache-control': cacheControl } }));
}

export function storeCachedJson(ctx: WaitUntil, key: string, value: unknown, cacheControl: string): void {
  ctx.waitUntil(putCachedJson(key, value, cacheControl));
}

/** The value cached under `key`, or computed and cached. */
export async function cachedJson<T>(ctx: WaitUntil, key: string, cacheControl: string, compute: () => Promise<T>): Promise<T> {
  const hit = await readCachedJson<T>(key);
  if (hit !== undefined) return hit;
  const value = await compute();
  storeCachedJson(ctx, key, value, cacheControl);
  return value;
}

export async function purgeEdgeCache(keys: Iterable<string>): Promise<void> {
  await Promise.all([...new Set(keys)].map((key) => caches.default.delete(new Request(key))));
}

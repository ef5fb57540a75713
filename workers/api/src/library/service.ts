import { and, count, desc, eq, inArray } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { inboxItems } from '#core/db/users-inbox.ts';
import { libraryItems, type LibraryKind } from '#core/db/users-library.ts';
import { Unprocessable } from '#core/errors.ts';
import { parseId } from '#core/ids.ts';
import { shardDb, shardOfId } from '#core/shards.ts';
import { kindPrefix, missingCatalogIds } from '#core/catalog/reads.ts';
import { parseUri } from '#core/protocol/uris.ts';
import { updateFollowers } from '../follow/followers.ts';
import type { PagingQuery } from '../http/paging.ts';

export interface LibraryRef {
  kind: LibraryKind;
  id: string;
}

const kindOfPrefix = Object.fromEntries(Object.entries(kindPrefix).map(([k, p]) => [p, k])) as Record<string, LibraryKind>;

/** Reads URIs or bare ids; a URI whose kind disagrees with its id, or an id of another kind, is refused. */
export function parseRefs(ids: string[]): LibraryRef[] {
  return ids.map((raw) => {
    const named = parseUri(raw);
    const id = named?.id ?? raw;
    const kind = kindOfPrefix[parseId(id)?.kind ?? ''];
    if (!kind || (named && named.kind !== kind))
      throw new Unprocessable(`${JSON.stringify(raw)} is not a track, album, artist or show id or URI.`, 'invalid_id');
    return { kind, id };
  });
}

const db = (env: Env, userId: string) => drizzle(shardDb(env, 'USERS', shardOfId(env, 'USERS', userId)));

function groupByKind(refs: LibraryRef[]): [LibraryKind, string[]][] {
  const groups = new Map<LibraryKind, string[]>();
  for (const r of refs) groups.set(r.kind, [...(groups.get(r.kind) ?? []), r.id]);
  return [...groups];
}

/** Saves every ref or none: ids missing from the catalog make the whole request 422. */
export async function save(env: Env, userId: string, refs: LibraryRef[]): Promise<void> {
  const missing = (await Promise.all(groupByKind(refs).map(([kind, ids]) => missingCatalogIds(env, kind, ids)))).flat();
  if (missing.length) throw new Unprocessable(`Not in the catalog: ${missing.map((m) => JSON.stringify(m)).join(', ')}; nothing was saved.`, 'unknown_id');
  const d = db(env, userId);
  const now = Date.now();
  const [first, ...rest] = refs.map((r, i) =>
    d
      .insert(libraryItems)
      .values({ userId, kind: r.kind, itemId: r.id, addedAt: now + i })
      .onConflictDoNothing(),
  );
  await d.batch([first!, ...rest]);
  // Saving an artist follows it (even one saved before: a retry repairs a follower list that missed it).
  await updateFollowers(env, userId, artistIdsOf(refs), true);
}

/** Removing an artist unfollows it: its releases leave the inbox too. */
export async function remove(env: Env, userId: string, refs: LibraryRef[]): Promise<void> {
  const d = db(env, userId);
  const unfollowed = artistIdsOf(refs);
  const [first, ...rest] = [
    ...groupByKind(refs).map(([kind, ids]) =>
      d.delete(libraryItems).where(and(eq(libraryItems.userId, userId), eq(libraryItems.kind, kind), inArray(libraryItems.itemId, ids))),
    ),
    ...(unfollowed.length ? [d.delete(inboxItems).where(and(eq(inboxItems.userId, userId), inArray(inboxItems.artistId, unfollowed)))] : []),
  ];
  await d.batch([first!, ...rest]);
  await updateFollowers(env, userId, unfollowed, false);
}

const artistIdsOf = (refs: LibraryRef[]) => refs.filter((r) => r.kind === 'artist').map((r) => r.id);

export async function contains(env: Env, userId: string, refs: LibraryRef[]): Promise<boolean[]> {
  const rows = await Promise.all(
    groupByKind(refs).map(([kind, ids]) =>
      db(env, userId)
        .select({ kind: libraryItems.kind, id: libraryItems.itemId })
        .from(libraryItems)
        .where(and(eq(libraryItems.userId, userId), eq(libraryItems.kind, kind), inArray(libraryItems.itemId, ids))),
    ),
  );
  const saved = new Set(rows.flat().map((r) => `${r.kind}:${r.id}`));
  return refs.map((r) => saved.has(`${r.kind}:${r.id}`));
}

/** Newest first. */
export async function list(env: Env, userId: string, kind: LibraryKind, { limit, offset }: PagingQuery) {
  const d = db(env, userId);
  const mine = and(eq(libraryItems.userId, userId), eq(libraryItems.kind, kind));
  const [rows, [total]] = await d.batch([
    d.select().from(libraryItems).where(mine).orderBy(desc(libraryItems.addedAt), desc(libraryItems.itemId)).limit(limit).offset(offset),
    d.select({ n: count() }).from(libraryItems).where(mine),
  ]);
  return { rows, total: total?.n ?? 0 };
}

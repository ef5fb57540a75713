import { BadRequest } from '#core/errors.ts';
import { allShardDbs, shardCount, type ShardEnv } from '#core/shards.ts';

/**
 * D1 Sessions across the catalog shards. Reads may go to a read replica; a client
 * that has just written passes back the bookmarks it was given (header
 * `x-d1-bookmark`, one `shard:bookmark` pair per shard, comma-separated) and its
 * reads then see at least that write. Every catalog response returns the header.
 */
export const BOOKMARK_HEADER = 'x-d1-bookmark';

export type Bookmarks = Map<number, string>;

export function parseBookmarks(header: string | undefined, shardCount: number): Bookmarks {
  const out: Bookmarks = new Map();
  if (!header) return out;
  for (const part of header.split(',')) {
    // D1 bookmarks look like 0000007b-0000b26e-00001538-0c3e87bb37b3db5cc52eedb93cd3b96b.
    const m = /^\s*(\d+):([0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{16,128})\s*$/.exec(part);
    if (!m || Number(m[1]) >= shardCount) throw new BadRequest(`${BOOKMARK_HEADER} must be "shard:bookmark" pairs separated by commas.`, 'invalid_bookmark');
    out.set(Number(m[1]), m[2]!);
  }
  return out;
}

export function formatBookmarks(bookmarks: Bookmarks): string | null {
  if (bookmarks.size === 0) return null;
  return [...bookmarks]
    .sort(([a], [b]) => a - b)
    .map(([shard, b]) => `${shard}:${b}`)
    .join(',');
}

export class CatalogSessions {
  readonly sessions: D1DatabaseSession[];

  /** `primary` for writers (first query on the primary); readers start anywhere unless they carry a bookmark. */
  constructor(
    env: ShardEnv,
    private readonly incoming: Bookmarks,
    mode: 'primary' | 'replica',
  ) {
    this.sessions = allShardDbs(env, 'CATALOG').map((db, shard) =>
      db.withSession(incoming.get(shard) ?? (mode === 'primary' ? 'first-primary' : 'first-unconstrained')),
    );
  }

  shard(n: number): D1DatabaseSession {
    const session = this.sessions[n];
    if (!session) throw new Error(`No catalog shard ${n}`);
    return session;
  }

  /** The newest bookmark of each shard: what this request saw, or what the client already had. */
  bookmarks(): Bookmarks {
    const out: Bookmarks = new Map(this.incoming);
    this.sessions.forEach((s, shard) => {
      const b = s.getBookmark();
      if (b) out.set(shard, b);
    });
    return out;
  }

  header(): Record<string, string> {
    const value = formatBookmarks(this.bookmarks());
    return value ? { [BOOKMARK_HEADER]: value } : {};
  }
}

/** The sessions of one request, from the bookmarks its client sent: `replica` for reads, `primary` for writes. */
export const requestSessions = (c: { env: ShardEnv; req: { header(name: string): string | undefined } }, mode: 'primary' | 'replica' = 'replica') =>
  new CatalogSessions(c.env, parseBookmarks(c.req.header(BOOKMARK_HEADER), shardCount(c.env, 'CATALOG')), mode);

import { FAMILY_OF_KIND, type IdKind, parseId } from '#core/ids.ts';
import { refreshShardMaps, shardDb, shardOfId } from '#core/shards.ts';
import type { D1Statement, ItemRow, RoomRow, RoomStorage } from './storage.ts';
import { log } from '#core/log.ts';

/**
 * D1 copies of the room's state (playlist row, live items, collaborators,
 * follows), so listings and other readers never need the room. Changes are
 * queued in the room's SQLite in the same transaction as the change itself and
 * applied to D1 in that order on each shard; a failure is retried by alarm.
 */
export const toD1 = {
  playlist(room: RoomRow, itemCount: number, followerCount: number): D1Statement {
    return {
      sql: `INSERT INTO playlists (id, owner_id, name, description, public, collaborative, snapshot_id, version, item_count, follower_count, created_at, updated_at, deleted_at, image_hash, made_for)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, public = excluded.public,
              collaborative = excluded.collaborative, snapshot_id = excluded.snapshot_id, version = excluded.version,
              item_count = excluded.item_count, follower_count = excluded.follower_count, updated_at = excluded.updated_at, deleted_at = excluded.deleted_at,
              image_hash = excluded.image_hash
            WHERE excluded.version >= playlists.version`,
      params: [
        room.id,
        room.owner_id,
        room.name,
        room.description,
        room.public,
        room.collaborative,
        room.snapshot_id,
        room.version,
        itemCount,
        followerCount,
        room.created_at,
        room.updated_at,
        room.deleted_at,
        room.image_hash ?? null,
        room.made_for ?? null,
      ],
    };
  },
  insertItems(playlistId: string, rows: Omit<ItemRow, 'removed'>[]): D1Statement[] {
    return rows.map((r) => ({
      sql: 'INSERT OR REPLACE INTO playlist_items (item_id, playlist_id, track_id, position, added_by, added_at) VALUES (?,?,?,?,?,?)',
      params: [r.item_id, playlistId, r.track_id, r.pos, r.added_by, r.added_at],
    }));
  },
  removeItems(itemIds: string[]): D1Statement[] {
    return itemIds.length ? [{ sql: `DELETE FROM playlist_items WHERE item_id IN (${itemIds.map(() => '?').join(',')})`, params: itemIds }] : [];
  },
  positions(moves: { item_id: string; pos: number }[]): D1Statement[] {
    return moves.map((m) => ({ sql: 'UPDATE playlist_items SET position = ? WHERE item_id = ?', params: [m.pos, m.item_id] }));
  },
  collaborator(playlistId: string, userId: string, at: number): D1Statement {
    return { sql: 'INSERT OR IGNORE INTO playlist_collaborators (playlist_id, user_id, added_at) VALUES (?,?,?)', params: [playlistId, userId, at] };
  },
  removeCollaborator(playlistId: string, userId: string): D1Statement {
    return { sql: 'DELETE FROM playlist_collaborators WHERE playlist_id = ? AND user_id = ?', params: [playlistId, userId] };
  },
  follow(userId: string, playlistId: string, at: number): D1Statement {
    return { sql: 'INSERT OR IGNORE INTO playlist_follows (user_id, playlist_id, followed_at) VALUES (?,?,?)', params: [userId, playlistId, at] };
  },
  unfollow(userId: string, playlistId: string): D1Statement {
    return { sql: 'DELETE FROM playlist_follows WHERE user_id = ? AND playlist_id = ?', params: [userId, playlistId] };
  },
  /** The playlist row stays as a tombstone (deleted_at), so a late copy of an older change cannot resurrect it. */
  deletePlaylistContents(playlistId: string): D1Statement[] {
    return [
      { sql: 'DELETE FROM playlist_items WHERE playlist_id = ?', params: [playlistId] },
      { sql: 'DELETE FROM playlist_collaborators WHERE playlist_id = ?', params: [playlistId] },
    ];
  },
};

const ENTRIES_PER_BATCH = 64;
const STATEMENTS_PER_BATCH = 500;

/** A shard's failing copy is tried again after 5 s, then twice as long each time, up to 15 minutes. */
export const COPY_RETRY_BASE_MS = 5_000;
export const COPY_RETRY_MAX_MS = 15 * 60_000;
/** After this many failed attempts in a row a shard's copy is reported as stuck (it is still retried). */
export const COPY_STUCK_AFTER = 5;

export const copyRetryDelay = (attempts: number) => Math.min(COPY_RETRY_MAX_MS, COPY_RETRY_BASE_MS * 2 ** (attempts - 1));

export interface CopyStatus {
  /** Entries queued for D1 and not yet copied. */
  pending: number;
  /** Shards whose copy is failing: their entries wait, in order, for the next retry. */
  failing: { shard: number; pending: number; attempts: number; stuck: boolean; last_error: string; failing_since: string; next_attempt_at: string }[];
}

/**
 * Applies the outbox to D1: per shard strictly in queue order (shards hold
 * different rows, so one shard's failure holds back only its own entries). A
 * failed shard is recorded (attempts, error, next retry with backoff), logged,
 * and retried by the room's alarm; after COPY_STUCK_AFTER attempts it is
 * reported as stuck, and `status()` shows it. Nothing is ever dropped.
 */
export class WriteThrough {
  private draining: Promise<void> | null = null;

  constructor(
    private readonly env: Env,
    private readonly storage: RoomStorage,
    /** Makes sure the room's alarm fires by this time. */
    private readonly wakeBy: (at: number) => Promise<void>,
  ) {}

  /** Resolves true once everything queued up to `seq` is in D1; false when some of it waits for a retry. */
  async through(seq: number): Promise<boolean> {
    // A drain that was already running may have read the queue before this entry arrived.
    for (let round = 0; round < 3 && this.storage.outboxDueThrough(seq, Date.now()); round++) await this.drain();
    const retryAt = this.storage.nextCopyRetryAt();
    if (retryAt !== null) await this.wakeBy(retryAt);
    return !this.storage.outboxPendingThrough(seq);
  }

  /** Runs one statement on a shard now, outside the queue; throws what D1 throws. */
  async now(shard: number, statement: D1Statement): Promise<void> {
    await shardDb(this.env, 'USERS', shard)
      .prepare(statement.sql)
      .bind(...statement.params)
      .run();
  }

  status(): CopyStatus {
    return {
      pending: this.storage.outboxSize(),
      failing: this.storage.copyFailures().map((f) => ({
        shard: f.shard,
        pending: f.pending,
        attempts: f.attempts,
        stuck: f.attempts >= COPY_STUCK_AFTER,
        last_error: f.last_error,
        failing_since: new Date(f.failing_since).toISOString(),
        next_attempt_at: new Date(f.next_attempt_at).toISOString(),
      })),
    };
  }

  private currentShard(statement: D1Statement, queuedFor: number): number {
    const owner = owningUsersId(statement);
    return owner ? shardOfId(this.env, 'USERS', owner) : queuedFor;
  }

  /** One drain at a time, so D1 sees each shard's changes in the order the room made them. */
  drain(): Promise<void> {
    this.draining ??= this.drainAll().finally(() => (this.draining = null));
    return this.draining;
  }

  private async drainAll(): Promise<void> {
    await refreshShardMaps(this.env);
    for (;;) {
      const head = this.storage.outboxHead(ENTRIES_PER_BATCH, Date.now());
      if (!head.length) return;
      // Each shard's entries in this head go in one atomic batch (or a few, for very large ones).
      for (const [shard, run] of Map.groupBy(head, (e) => e.shard)) {
        try {
          // The shard number was the map's when the entry was queued; a reshard may since have moved
          // its rows, so each statement goes where the map in force sends the id that owns its row.
          const statements = run.flatMap((e) => e.statements);
          for (const [target, group] of consecutiveRuns(statements, (s) => this.currentShard(s, shard))) {
            const db = shardDb(this.env, 'USERS', target);
            const prepared = group.map((s) => db.prepare(s.sql).bind(...s.params));
            // Very large entries (a re-spacing of every order key) go in several batches; each statement is idempotent.
            for (let i = 0; i < prepared.length; i += STATEMENTS_PER_BATCH) await db.batch(prepared.slice(i, i + STATEMENTS_PER_BATCH));
          }
          this.storage.dropOutboxThrough(shard, run.at(-1)!.seq);
        } catch (err) {
          const attempts = this.storage.recordCopyFailure(shard, String(err), Date.now(), copyRetryDelay);
          const stuck = attempts >= COPY_STUCK_AFTER;
          log('error', 'playlist_copy_failed', {
            worker: 'api',
            shard,
            attempts,
            stuck,
            entries_waiting: run.length,
            retry_in_ms: copyRetryDelay(attempts),
            error: err,
          });
        }
      }
    }
  }
}

/** The first user-family id a statement binds owns its row (toD1 above binds it first); statements binding none stay where they were queued. */
function owningUsersId(statement: D1Statement): string | null {
  for (const value of statement.params) {
    const parsed = typeof value === 'string' ? parseId(value) : null;
    if (parsed && FAMILY_OF_KIND[parsed.kind as IdKind] === 'USERS') return value as string;
  }
  return null;
}

/** Splits items into runs of the same key, in order (order matters: D1 sees each shard's changes as the room made them). */
function consecutiveRuns<T, K>(items: T[], keyOf: (item: T) => K): [K, T[]][] {
  const runs: [K, T[]][] = [];
  for (const item of items) {
    const key = keyOf(item);
    const last = runs.at(-1);
    if (last && last[0] === key) last[1].push(item);
    else runs.push([key, [item]]);
  }
  return runs;
}

import { shardDb } from '../../core/shards.ts';
import type { D1Statement, ItemRow, RoomRow, RoomStorage } from './storage.ts';

/**
 * D1 copies of the room's state (playlist row, live items, collaborators,
 * follows), so listings and other readers never need the room. Changes are
 * queued in the room's SQLite in the same transaction as the change itself and
 * applied to D1 strictly in that order; a failure is retried by alarm.
 */
export const toD1 = {
  playlist(room: RoomRow, itemCount: number, followerCount: number): D1Statement {
    return {
      sql: `INSERT INTO playlists (id, owner_id, name, description, public, collaborative, snapshot_id, version, item_count, follower_count, created_at, updated_at, deleted_at)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, public = excluded.public,
              collaborative = excluded.collaborative, snapshot_id = excluded.snapshot_id, version = excluded.version,
              item_count = excluded.item_count, follower_count = excluded.follower_count, updated_at = excluded.updated_at, deleted_at = excluded.deleted_at
            WHERE excluded.version >= playlists.version`,
      params: [room.id, room.owner_id, room.name, room.description, room.public, room.collaborative, room.snapshot_id, room.version, itemCount, followerCount, room.created_at, room.updated_at, room.deleted_at],
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

export class WriteThrough {
  private draining: Promise<void> | null = null;

  constructor(
    private readonly env: Env,
    private readonly storage: RoomStorage,
    private readonly retryLater: () => void,
  ) {}

  /** Resolves once everything queued up to `seq` is in D1, or once a failure has been handed to the retry alarm. */
  async through(seq: number): Promise<void> {
    while (this.storage.outboxPendingThrough(seq)) {
      try {
        await this.drain();
      } catch (err) {
        console.error('playlist write-through failed; retrying by alarm', err);
        this.retryLater();
        return;
      }
    }
  }

  /** One drain at a time, so D1 sees the changes in the order the room made them. */
  drain(): Promise<void> {
    this.draining ??= this.drainAll().finally(() => (this.draining = null));
    return this.draining;
  }

  private async drainAll(): Promise<void> {
    for (;;) {
      const head = this.storage.outboxHead(ENTRIES_PER_BATCH);
      if (!head.length) return;
      // Consecutive entries for one shard go in one atomic batch.
      const shard = head[0]!.shard;
      let end = head.findIndex((e) => e.shard !== shard);
      if (end < 0) end = head.length;
      const run = head.slice(0, end);
      const db = shardDb(this.env, 'USERS', shard);
      const statements = run.flatMap((e) => e.statements).map((s) => db.prepare(s.sql).bind(...s.params));
      // Very large entries (a re-spacing of every order key) go in several batches; each statement is idempotent.
      for (let i = 0; i < statements.length; i += STATEMENTS_PER_BATCH) await db.batch(statements.slice(i, i + STATEMENTS_PER_BATCH));
      this.storage.dropOutboxThrough(run.at(-1)!.seq);
    }
  }
}

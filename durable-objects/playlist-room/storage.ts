import { imageList } from '#core/artwork/images.ts';
import type { Diff, EditablePlaylistDetails, LiveItem, PlaylistDetails } from '#core/protocol/playlist-live.ts';

/**
 * The room's own SQLite: the truth about one playlist. Items keep their row
 * when removed (a tombstone), so an anchor that someone removed meanwhile still
 * has a place; `pos` is a gap-spaced order key no client ever sees.
 */
/** One row per D1 shard whose copy is failing: its entries wait, in order, until the retry at next_attempt_at. */
const OUTBOX_FAILURES = `CREATE TABLE IF NOT EXISTS outbox_failures (
  shard INTEGER PRIMARY KEY, attempts INTEGER NOT NULL, last_error TEXT NOT NULL, failing_since INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL
);`;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS room (
  id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, owner_name TEXT NOT NULL,
  name TEXT NOT NULL, description TEXT, public INTEGER NOT NULL, collaborative INTEGER NOT NULL,
  snapshot_id TEXT NOT NULL, version INTEGER NOT NULL,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deleted_at INTEGER, image_hash TEXT, made_for TEXT
);
CREATE TABLE IF NOT EXISTS items (
  item_id TEXT PRIMARY KEY, track_id TEXT NOT NULL, added_by TEXT NOT NULL, added_by_name TEXT NOT NULL,
  added_at INTEGER NOT NULL, pos REAL NOT NULL, removed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS items_pos ON items (pos);
CREATE INDEX IF NOT EXISTS items_live ON items (removed, pos);
CREATE TABLE IF NOT EXISTS collaborators (user_id TEXT PRIMARY KEY, display_name TEXT NOT NULL, added_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS followers (user_id TEXT PRIMARY KEY, followed_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS ops (
  version INTEGER PRIMARY KEY, snapshot_id TEXT NOT NULL UNIQUE, prev_snapshot_id TEXT NOT NULL,
  by TEXT NOT NULL, req_id TEXT, diff TEXT NOT NULL, intent TEXT NOT NULL, at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, shard INTEGER NOT NULL, statements TEXT NOT NULL);
${OUTBOX_FAILURES}
`;

/** How many applied operations a reconnecting client can catch up on; older clients get the whole state. */
export const OP_LOG_LIMIT = 2_000;

export type RoomRow = {
  id: string;
  owner_id: string;
  owner_name: string;
  name: string;
  description: string | null;
  public: number;
  collaborative: number;
  snapshot_id: string;
  version: number;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
  /** The cover's hash (core/artwork/images.ts); null until one is set. */
  image_hash: string | null;
  /** The listener an algorithmic playlist is made for (core/playlists/permissions.ts); null for people's playlists. */
  made_for: string | null;
};

export type ItemRow = {
  item_id: string;
  track_id: string;
  added_by: string;
  added_by_name: string;
  added_at: number;
  pos: number;
  removed: number;
};

/** An applied operation as the room ordered it: enough to replay it (intent) and to show it (diff). */
export interface LoggedOp {
  version: number;
  snapshot_id: string;
  prev_snapshot_id: string;
  by: string;
  req_id: string | null;
  diff: Diff;
  intent: Intent;
}

/** The operation as requested, with the ids the room assigned; replaying these in order rebuilds the list. */
export type Intent =
  | { kind: 'insert'; after_item_id: string | null; item_ids: string[]; track_ids: string[] }
  | { kind: 'remove'; item_ids: string[] }
  | { kind: 'move'; item_id: string; after_item_id: string | null }
  | { kind: 'details' }
  | { kind: 'deleted' };

export interface D1Statement {
  sql: string;
  params: (string | number | null)[];
}

export class RoomStorage {
  /** Tables exist only once the playlist is created, so probing unknown ids leaves no storage behind. */
  private initialized: boolean;

  constructor(private readonly sql: SqlStorage) {
    this.initialized = sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'room'").toArray().length > 0;
    // Rooms created before the failures table or covers existed get them here.
    if (this.initialized) {
      sql.exec(OUTBOX_FAILURES);
      addImageHashColumn(sql);
      addMadeForColumn(sql);
    }
  }

  initialize(): void {
    this.sql.exec(SCHEMA);
    this.initialized = true;
  }

  room(): RoomRow | null {
    if (!this.initialized) return null;
    return this.sql.exec<RoomRow>('SELECT * FROM room LIMIT 1').toArray()[0] ?? null;
  }

  details(room: RoomRow): PlaylistDetails {
    return {
      name: room.name,
      description: room.description,
      public: room.public === 1,
      collaborative: room.collaborative === 1,
      images: imageList(room.image_hash),
    };
  }

  insertRoom(r: Omit<RoomRow, 'deleted_at' | 'image_hash'>): void {
    this.sql.exec(
      'INSERT INTO room (id, owner_id, owner_name, name, description, public, collaborative, snapshot_id, version, created_at, updated_at, made_for) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)',
      r.id,
      r.owner_id,
      r.owner_name,
      r.name,
      r.description,
      r.public,
      r.collaborative,
      r.snapshot_id,
      r.version,
      r.created_at,
      r.updated_at,
      r.made_for,
    );
  }

  updateDetails(d: EditablePlaylistDetails): void {
    this.sql.exec('UPDATE room SET name = ?, description = ?, public = ?, collaborative = ?', d.name, d.description, d.public ? 1 : 0, d.collaborative ? 1 : 0);
  }

  setImageHash(hash: string): void {
    this.sql.exec('UPDATE room SET image_hash = ?', hash);
  }

  advance(snapshotId: string, version: number, at: number): void {
    this.sql.exec('UPDATE room SET snapshot_id = ?, version = ?, updated_at = ?', snapshotId, version, at);
  }

  markDeleted(at: number): void {
    this.sql.exec('UPDATE room SET deleted_at = ?', at);
    for (const table of ['items', 'collaborators', 'followers', 'ops']) this.sql.exec(`DELETE FROM ${table}`);
  }

  // ---- items ----

  item(itemId: string): ItemRow | null {
    return this.sql.exec<ItemRow>('SELECT * FROM items WHERE item_id = ?', itemId).toArray()[0] ?? null;
  }

  liveCount(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM items WHERE removed = 0').one().n;
  }

  livePage(offset: number, limit: number): ItemRow[] {
    return this.sql.exec<ItemRow>('SELECT * FROM items WHERE removed = 0 ORDER BY pos LIMIT ? OFFSET ?', limit, offset).toArray();
  }

  /** The first order key after `pos` among all rows (tombstones too), ignoring one item (the one being moved). */
  nextPos(pos: number | null, except = ''): number | null {
    const row =
      pos === null
        ? this.sql.exec<{ pos: number }>('SELECT pos FROM items WHERE item_id != ? ORDER BY pos LIMIT 1', except).toArray()[0]
        : this.sql.exec<{ pos: number }>('SELECT pos FROM items WHERE pos > ? AND item_id != ? ORDER BY pos LIMIT 1', pos, except).toArray()[0];
    return row?.pos ?? null;
  }

  lastPos(): number | null {
    return this.sql.exec<{ pos: number | null }>('SELECT MAX(pos) AS pos FROM items').one().pos;
  }

  /** The live item right before `pos` (what a client that never saw tombstones anchors to), or null for the front. */
  visibleBefore(pos: number): string | null {
    return (
      this.sql.exec<{ item_id: string }>('SELECT item_id FROM items WHERE removed = 0 AND pos < ? ORDER BY pos DESC LIMIT 1', pos).toArray()[0]?.item_id ?? null
    );
  }

  insertItem(i: Omit<ItemRow, 'removed'>): void {
    this.sql.exec(
      'INSERT INTO items (item_id, track_id, added_by, added_by_name, added_at, pos) VALUES (?,?,?,?,?,?)',
      i.item_id,
      i.track_id,
      i.added_by,
      i.added_by_name,
      i.added_at,
      i.pos,
    );
  }

  markRemoved(itemId: string): void {
    this.sql.exec('UPDATE items SET removed = 1 WHERE item_id = ?', itemId);
  }

  setPos(itemId: string, pos: number): void {
    this.sql.exec('UPDATE items SET pos = ? WHERE item_id = ?', pos, itemId);
  }

  /** Re-spaces every order key to 1, 2, 3… (same order); returns the live items' new keys. */
  renumber(): { item_id: string; pos: number }[] {
    const ids = this.sql.exec<{ item_id: string; removed: number }>('SELECT item_id, removed FROM items ORDER BY pos').toArray();
    const live: { item_id: string; pos: number }[] = [];
    ids.forEach((row, i) => {
      this.setPos(row.item_id, i + 1);
      if (!row.removed) live.push({ item_id: row.item_id, pos: i + 1 });
    });
    return live;
  }

  // ---- people ----

  collaborators(): { user_id: string; display_name: string }[] {
    return this.sql.exec<{ user_id: string; display_name: string }>('SELECT user_id, display_name FROM collaborators ORDER BY added_at').toArray();
  }

  isCollaborator(userId: string): boolean {
    return this.sql.exec('SELECT 1 FROM collaborators WHERE user_id = ?', userId).toArray().length > 0;
  }

  addCollaborator(userId: string, displayName: string, at: number): boolean {
    return this.sql.exec('INSERT OR IGNORE INTO collaborators (user_id, display_name, added_at) VALUES (?,?,?)', userId, displayName, at).rowsWritten > 0;
  }

  removeCollaborator(userId: string): boolean {
    return this.sql.exec('DELETE FROM collaborators WHERE user_id = ?', userId).rowsWritten > 0;
  }

  followers(): string[] {
    return this.sql
      .exec<{ user_id: string }>('SELECT user_id FROM followers')
      .toArray()
      .map((r) => r.user_id);
  }

  followerCount(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM followers').one().n;
  }

  follow(userId: string, at: number): void {
    this.sql.exec('INSERT OR IGNORE INTO followers (user_id, followed_at) VALUES (?,?)', userId, at);
  }

  unfollow(userId: string): void {
    this.sql.exec('DELETE FROM followers WHERE user_id = ?', userId);
  }

  // ---- op log ----

  logOp(op: LoggedOp, at: number): void {
    this.sql.exec(
      'INSERT INTO ops (version, snapshot_id, prev_snapshot_id, by, req_id, diff, intent, at) VALUES (?,?,?,?,?,?,?,?)',
      op.version,
      op.snapshot_id,
      op.prev_snapshot_id,
      op.by,
      op.req_id,
      JSON.stringify(op.diff),
      JSON.stringify(op.intent),
      at,
    );
    this.sql.exec('DELETE FROM ops WHERE version <= ?', op.version - OP_LOG_LIMIT);
  }

  /** The version a snapshot id names, if the log still remembers it. */
  versionOf(snapshotId: string): number | null {
    return this.sql.exec<{ version: number }>('SELECT version FROM ops WHERE snapshot_id = ?', snapshotId).toArray()[0]?.version ?? null;
  }

  opsAfter(version: number): LoggedOp[] {
    return this.sql
      .exec<{ version: number; snapshot_id: string; prev_snapshot_id: string; by: string; req_id: string | null; diff: string; intent: string }>(
        'SELECT * FROM ops WHERE version > ? ORDER BY version',
        version,
      )
      .toArray()
      .map((r) => ({ ...r, diff: JSON.parse(r.diff) as Diff, intent: JSON.parse(r.intent) as Intent }));
  }

  // ---- write-through outbox ----

  enqueue(shard: number, statements: D1Statement[]): number {
    return this.sql.exec<{ seq: number }>('INSERT INTO outbox (shard, statements) VALUES (?, ?) RETURNING seq', shard, JSON.stringify(statements)).one().seq;
  }

  /** The oldest queued entries of every shard not waiting for a retry, in queue order. */
  outboxHead(limit: number, now: number): OutboxEntry[] {
    return this.sql
      .exec<{ seq: number; shard: number; statements: string }>(
        'SELECT seq, shard, statements FROM outbox WHERE shard NOT IN (SELECT shard FROM outbox_failures WHERE next_attempt_at > ?) ORDER BY seq LIMIT ?',
        now,
        limit,
      )
      .toArray()
      .map((r) => ({ seq: r.seq, shard: r.shard, statements: JSON.parse(r.statements) as D1Statement[] }));
  }

  outboxPendingThrough(seq: number): boolean {
    return this.sql.exec('SELECT 1 FROM outbox WHERE seq <= ? LIMIT 1', seq).toArray().length > 0;
  }

  /** Whether something queued up to `seq` is for a shard that may be tried now. */
  outboxDueThrough(seq: number, now: number): boolean {
    return (
      this.sql
        .exec('SELECT 1 FROM outbox WHERE seq <= ? AND shard NOT IN (SELECT shard FROM outbox_failures WHERE next_attempt_at > ?) LIMIT 1', seq, now)
        .toArray().length > 0
    );
  }

  dropOutboxThrough(shard: number, seq: number): void {
    this.sql.exec('DELETE FROM outbox WHERE shard = ? AND seq <= ?', shard, seq);
    this.sql.exec('DELETE FROM outbox_failures WHERE shard = ?', shard);
  }

  /** Counts one more failed attempt for a shard and sets when to try it again; returns the attempts so far. */
  recordCopyFailure(shard: number, error: string, now: number, retryIn: (attempts: number) => number): number {
    const attempts = (this.sql.exec<{ attempts: number }>('SELECT attempts FROM outbox_failures WHERE shard = ?', shard).toArray()[0]?.attempts ?? 0) + 1;
    this.sql.exec(
      `INSERT INTO outbox_failures (shard, attempts, last_error, failing_since, next_attempt_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (shard) DO UPDATE SET attempts = excluded.attempts, last_error = excluded.last_error, next_attempt_at = excluded.next_attempt_at`,
      shard,
      attempts,
      error.slice(0, 1_000),
      now,
      now + retryIn(attempts),
    );
    return attempts;
  }

  nextCopyRetryAt(): number | null {
    return this.sql.exec<{ at: number | null }>('SELECT MIN(next_attempt_at) AS at FROM outbox_failures').one().at;
  }

  copyFailures(): { shard: number; attempts: number; last_error: string; failing_since: number; next_attempt_at: number; pending: number }[] {
    return this.sql
      .exec<{ shard: number; attempts: number; last_error: string; failing_since: number; next_attempt_at: number; pending: number }>(
        'SELECT f.*, (SELECT COUNT(*) FROM outbox o WHERE o.shard = f.shard) AS pending FROM outbox_failures f ORDER BY f.shard',
      )
      .toArray();
  }

  outboxSize(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM outbox').one().n;
  }
}

function addMadeForColumn(sql: SqlStorage): void {
  try {
    sql.exec('SELECT made_for FROM room LIMIT 0');
  } catch {
    sql.exec('ALTER TABLE room ADD COLUMN made_for TEXT');
  }
}

function addImageHashColumn(sql: SqlStorage): void {
  try {
    sql.exec('SELECT image_hash FROM room LIMIT 0');
  } catch {
    sql.exec('ALTER TABLE room ADD COLUMN image_hash TEXT');
  }
}

export interface OutboxEntry {
  seq: number;
  shard: number;
  statements: D1Statement[];
}

export function toLiveItem(row: ItemRow): LiveItem {
  return {
    item_id: row.item_id,
    track_id: row.track_id,
    added_by: { id: row.added_by, display_name: row.added_by_name },
    added_at: new Date(row.added_at).toISOString(),
  };
}

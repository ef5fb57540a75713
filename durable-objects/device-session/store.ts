import type { DeviceType, RepeatState } from '#core/protocol/connect.ts';
import { EMPTY_STATE, type PlayerState, type QueueEntry } from './player-state.ts';

/**
 * The session's truth, in the object's SQLite: the player row, the loaded
 * tracks, the listener's queue and the connected devices. Everything the
 * object does is read from here, so eviction or hibernation loses nothing.
 */

const SCHEMA = `
CREATE TABLE IF NOT EXISTS player (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  active_device_id TEXT,
  is_playing INTEGER NOT NULL,
  position_ms INTEGER NOT NULL,
  measured_at INTEGER NOT NULL,
  context_uri TEXT,
  play_order TEXT NOT NULL,
  play_index INTEGER NOT NULL,
  current TEXT,
  current_is_queued INTEGER NOT NULL,
  shuffle INTEGER NOT NULL,
  shuffle_seed INTEGER,
  repeat TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS context_tracks (
  pos INTEGER PRIMARY KEY, uri TEXT NOT NULL, track_id TEXT NOT NULL, name TEXT NOT NULL,
  duration_ms INTEGER, artist_id TEXT NOT NULL, artist_name TEXT NOT NULL, album_id TEXT, album_name TEXT, album_image_hash TEXT
);
CREATE TABLE IF NOT EXISTS up_next (
  pos INTEGER PRIMARY KEY, uri TEXT NOT NULL, track_id TEXT NOT NULL, name TEXT NOT NULL,
  duration_ms INTEGER, artist_id TEXT NOT NULL, artist_name TEXT NOT NULL, album_id TEXT, album_name TEXT, album_image_hash TEXT
);
CREATE TABLE IF NOT EXISTS devices (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  volume_percent INTEGER,
  last_seen INTEGER NOT NULL,
  connected_at INTEGER NOT NULL
);
`;

export interface DeviceRow {
  id: string;
  name: string;
  type: DeviceType;
  volume_percent: number | null;
  last_seen: number;
  connected_at: number;
}

interface PlayerRow {
  seq: number;
  active_device_id: string | null;
  is_playing: number;
  position_ms: number;
  measured_at: number;
  context_uri: string | null;
  play_order: string;
  play_index: number;
  current: string | null;
  current_is_queued: number;
  shuffle: number;
  shuffle_seed: number | null;
  repeat: RepeatState;
}

type EntryRow = QueueEntry & { pos: number };

/** Sessions whose tables predate covers get the album columns (their old rows read as having no album). */
function addAlbumColumns(sql: SqlStorage): void {
  for (const table of ['context_tracks', 'up_next']) {
    try {
      sql.exec(`SELECT album_image_hash FROM ${table} LIMIT 0`);
    } catch {
      for (const column of ['album_id', 'album_name', 'album_image_hash']) sql.exec(`ALTER TABLE ${table} ADD COLUMN ${column} TEXT`);
    }
  }
}
type Row = Record<string, SqlStorageValue>;

export class SessionStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
    addAlbumColumns(sql);
  }

  loadState(): PlayerState {
    const row = this.sql.exec<PlayerRow & Row>('SELECT * FROM player WHERE id = 1').toArray()[0];
    if (!row) return EMPTY_STATE;
    return {
      seq: row.seq,
      activeDeviceId: row.active_device_id,
      isPlaying: row.is_playing === 1,
      positionMs: row.position_ms,
      measuredAt: row.measured_at,
      contextUri: row.context_uri,
      tracks: this.entries('context_tracks'),
      order: JSON.parse(row.play_order) as number[],
      index: row.play_index,
      upNext: this.entries('up_next'),
      current: row.current ? (JSON.parse(row.current) as QueueEntry) : null,
      currentIsQueued: row.current_is_queued === 1,
      shuffle: row.shuffle === 1,
      shuffleSeed: row.shuffle_seed,
      repeat: row.repeat,
    };
  }

  /** Writes what changed from `before` (the loaded lists are rewritten only when they were replaced). */
  saveState(state: PlayerState, before: PlayerState): void {
    this.sql.exec(
      `INSERT OR REPLACE INTO player (id, seq, active_device_id, is_playing, position_ms, measured_at, context_uri, play_order,
         play_index, current, current_is_queued, shuffle, shuffle_seed, repeat)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      state.seq,
      state.activeDeviceId,
      state.isPlaying ? 1 : 0,
      Math.round(state.positionMs),
      state.measuredAt,
      state.contextUri,
      JSON.stringify(state.order),
      state.index,
      state.current ? JSON.stringify(state.current) : null,
      state.currentIsQueued ? 1 : 0,
      state.shuffle ? 1 : 0,
      state.shuffleSeed,
      state.repeat,
    );
    if (state.tracks !== before.tracks) this.replaceEntries('context_tracks', state.tracks);
    if (state.upNext !== before.upNext) this.replaceEntries('up_next', state.upNext);
  }

  private entries(table: 'context_tracks' | 'up_next'): QueueEntry[] {
    return this.sql
      .exec<EntryRow & Row>(`SELECT * FROM ${table} ORDER BY pos`)
      .toArray()
      .map(({ uri, track_id, name, duration_ms, artist_id, artist_name, album_id, album_name, album_image_hash }) => ({
        uri,
        track_id,
        name,
        duration_ms,
        artist_id,
        artist_name,
        album_id,
        album_name,
        album_image_hash,
      }));
  }

  private replaceEntries(table: 'context_tracks' | 'up_next', entries: QueueEntry[]): void {
    this.sql.exec(`DELETE FROM ${table}`);
    entries.forEach((e, pos) => {
      this.sql.exec(
        `INSERT INTO ${table} (pos, uri, track_id, name, duration_ms, artist_id, artist_name, album_id, album_name, album_image_hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        pos,
        e.uri,
        e.track_id,
        e.name,
        e.duration_ms,
        e.artist_id,
        e.artist_name,
        e.album_id ?? null,
        e.album_name ?? null,
        e.album_image_hash ?? null,
      );
    });
  }

  // ---- devices ----

  devices(): DeviceRow[] {
    return this.sql.exec<DeviceRow & Row>('SELECT * FROM devices ORDER BY connected_at, id').toArray();
  }

  device(id: string): DeviceRow | undefined {
    return this.sql.exec<DeviceRow & Row>('SELECT * FROM devices WHERE id = ?', id).toArray()[0];
  }

  upsertDevice(device: Omit<DeviceRow, 'connected_at' | 'volume_percent'> & { volume_percent?: number | null }): void {
    this.sql.exec(
      `INSERT INTO devices (id, name, type, volume_percent, last_seen, connected_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type,
         volume_percent = COALESCE(excluded.volume_percent, devices.volume_percent), last_seen = excluded.last_seen`,
      device.id,
      device.name,
      device.type,
      device.volume_percent ?? null,
      device.last_seen,
      device.last_seen,
    );
  }

  updateDevice(id: string, change: { name?: string; type?: DeviceType; volume_percent?: number }): void {
    this.sql.exec(
      'UPDATE devices SET name = COALESCE(?, name), type = COALESCE(?, type), volume_percent = COALESCE(?, volume_percent) WHERE id = ?',
      change.name ?? null,
      change.type ?? null,
      change.volume_percent ?? null,
      id,
    );
  }

  touchDevice(id: string, now: number): void {
    this.sql.exec('UPDATE devices SET last_seen = ? WHERE id = ?', now, id);
  }

  removeDevice(id: string): void {
    this.sql.exec('DELETE FROM devices WHERE id = ?', id);
  }

  silentSince(cutoff: number): string[] {
    return this.sql
      .exec<{ id: string }>('SELECT id FROM devices WHERE last_seen <= ?', cutoff)
      .toArray()
      .map((r) => r.id);
  }

  oldestLastSeen(): number | null {
    const row = this.sql.exec<{ t: number | null }>('SELECT MIN(last_seen) AS t FROM devices').one();
    return row.t;
  }
}

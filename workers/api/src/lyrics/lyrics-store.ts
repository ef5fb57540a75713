import { NotFound } from '#core/errors.ts';
import { type Lyrics, lyricsSearchText } from '#core/lyrics/lrc.ts';

/**
 * track_lyrics rows (migration 0016), one per track on the track's shard. The
 * FTS index follows by trigger (0017), so every writer goes through these.
 */

/** Upserts a track's lyrics; a conditional update leaves unchanged lyrics (and the index) alone. */
export function lyricsUpsertStatement(db: D1Database | D1DatabaseSession, trackId: string, lyrics: Lyrics, now: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO track_lyrics (track_id, synced, lines, search_text, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(track_id) DO UPDATE SET synced = excluded.synced, lines = excluded.lines, search_text = excluded.search_text, updated_at = excluded.updated_at
       WHERE synced IS NOT excluded.synced OR lines IS NOT excluded.lines`,
    )
    .bind(trackId, lyrics.synced ? 1 : 0, JSON.stringify(lyrics.lines), lyricsSearchText(lyrics), now);
}

const noLyrics = (trackId: string) => new NotFound(`Track ${JSON.stringify(trackId)} has no lyrics.`, 'lyrics_not_found');

export async function readLyrics(db: D1Database, trackId: string): Promise<Lyrics> {
  const row = await db.prepare('SELECT synced, lines FROM track_lyrics WHERE track_id = ?').bind(trackId).first<{ synced: number; lines: string }>();
  if (!row) throw noLyrics(trackId);
  return { synced: row.synced === 1, lines: JSON.parse(row.lines) };
}

/** 404 lyrics_not_found when there were none to delete. */
export async function deleteLyrics(db: D1Database | D1DatabaseSession, trackId: string): Promise<void> {
  const result = await db.prepare('DELETE FROM track_lyrics WHERE track_id = ?').bind(trackId).run();
  if (result.meta.changes === 0) throw noLyrics(trackId);
}

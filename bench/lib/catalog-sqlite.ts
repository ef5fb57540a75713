// The baseline of the catalog/search benchmarks: the same synthetic catalog in ONE
// plain SQLite file (node:sqlite), with the catalog migrations applied as they are
// (same tables, FTS5 indexes, triggers) — or, for the tokenizer comparison, with
// the track index switched to FTS5's trigram tokenizer.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { syntheticCatalog } from '../catalog-synthetic.ts';

const root = path.resolve(import.meta.dirname, '../..');

export type Tokenizer = 'prefix' | 'trigram';

function migrationSql(tokenizer: Tokenizer): string[] {
  const dir = path.join(root, 'migrations/catalog');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split('--> statement-breakpoint'))
    .map((sql) =>
      tokenizer === 'trigram' ? sql.replace(/tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'/g, "tokenize = 'trigram remove_diacritics 1'") : sql,
    );
}

export interface BuiltCatalog {
  db: DatabaseSync;
  lines: number;
  seconds: number;
  bytes: number;
}

/** Builds the file from the generator (same records as the import benchmark), in transactions of 10,000 lines. */
export function buildSqliteCatalog(file: string, tracks: number, tokenizer: Tokenizer): BuiltCatalog {
  rmSync(file, { force: true });
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;');
  for (const sql of migrationSql(tokenizer)) db.exec(sql);
  const insertArtist = db.prepare('INSERT INTO artists (id, name, external_id) VALUES (?, ?, ?)');
  const insertAlbum = db.prepare('INSERT INTO albums (id, artist_id, name, release_date, external_id) VALUES (?, ?, ?, ?, ?)');
  const insertTrack = db.prepare(
    `INSERT INTO tracks (id, artist_id, album_id, title, duration_ms, genre, track_number, explicit, popularity, external_id, status) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 'ready')`,
  );
  const insertCredit = db.prepare('INSERT INTO track_artists (track_id, artist_id, artist_name, position) VALUES (?, ?, ?, ?)');
  const names = new Map<string, string>();
  const started = performance.now();
  let lines = 0;
  db.exec('BEGIN');
  for (const r of syntheticCatalog({ tracks }) as Iterable<Record<string, any>>) {
    if (r.type === 'artist') {
      insertArtist.run(`a_${r.id}`, r.name, r.id);
      names.set(r.id, r.name);
    } else if (r.type === 'album') insertAlbum.run(`l_${r.id}`, `a_${r.artist_id}`, r.name, r.release_date, r.id);
    else {
      insertTrack.run(`t_${r.id}`, `a_${r.artist_ids[0]}`, `l_${r.album_id}`, r.title, r.duration_ms, r.genre, r.track_number, r.popularity, r.id);
      (r.artist_ids as string[]).forEach((a, i) => {
        insertCredit.run(`t_${r.id}`, `a_${a}`, names.get(a)!, i);
      });
    }
    if (++lines % 10_000 === 0) db.exec('COMMIT; BEGIN');
  }
  db.exec('COMMIT');
  db.exec(`INSERT INTO search_terms (term, docs)
    SELECT term, sum(doc) FROM (SELECT term, doc FROM tracks_fts_vocab UNION ALL SELECT term, doc FROM artists_fts_vocab UNION ALL SELECT term, doc FROM albums_fts_vocab)
    WHERE length(term) >= 2 GROUP BY term ON CONFLICT(term) DO UPDATE SET docs = excluded.docs WHERE docs <> excluded.docs`);
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  return { db, lines, seconds: (performance.now() - started) / 1000, bytes: statSync(file).size };
}

/** The file catalog-import.ts left behind for this catalog size, or a fresh build. */
export function openOrBuildSqliteCatalog(file: string, tracks: number, tokenizer: Tokenizer): BuiltCatalog {
  if (existsSync(file)) {
    const db = new DatabaseSync(file);
    const n = (db.prepare('SELECT count(*) AS n FROM tracks').get() as { n: number }).n;
    if (n === tracks) return { db, lines: 0, seconds: 0, bytes: statSync(file).size };
    db.close();
  }
  return buildSqliteCatalog(file, tracks, tokenizer);
}

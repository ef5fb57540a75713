-- Full-text search over the catalog of this shard (hand-written: drizzle cannot describe FTS5).
-- Tokenizer: unicode61 with diacritics folded, plus prefix indexes of 2 and 3 characters so
-- as-you-type prefix queries ("bohem"*) read index entries instead of scanning every term.
-- (bench/search-latency.ts measures this against a trigram index; see README "Search".)
-- Rows are keyed by the rowid of the catalog row they index; triggers keep them in step
-- with every writer (catalog import, uploads), so no code path can forget to index.

CREATE VIRTUAL TABLE tracks_fts USING fts5(title, artists, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
--> statement-breakpoint
CREATE VIRTUAL TABLE artists_fts USING fts5(name, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
--> statement-breakpoint
CREATE VIRTUAL TABLE albums_fts USING fts5(name, artists, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
--> statement-breakpoint
-- Per-index vocabularies (term, doc count) that feed search_terms.
CREATE VIRTUAL TABLE tracks_fts_vocab USING fts5vocab(tracks_fts, 'row');
--> statement-breakpoint
CREATE VIRTUAL TABLE artists_fts_vocab USING fts5vocab(artists_fts, 'row');
--> statement-breakpoint
CREATE VIRTUAL TABLE albums_fts_vocab USING fts5vocab(albums_fts, 'row');
--> statement-breakpoint
-- Trigram index over the vocabulary, for typo correction. Terms are indexed as '^term$' so the
-- first and last letters weigh in ("beatels" and "beatles" share ^be, bea, eat).
CREATE VIRTUAL TABLE search_terms_tri USING fts5(grams, tokenize = 'trigram', content = '');
--> statement-breakpoint
CREATE TRIGGER search_terms_tri_insert AFTER INSERT ON search_terms BEGIN
  INSERT INTO search_terms_tri(rowid, grams) VALUES (new.rowid, '^' || new.term || '$');
END;
--> statement-breakpoint
CREATE INDEX track_artists_artist ON track_artists (artist_id);
--> statement-breakpoint
CREATE TRIGGER artists_fts_insert AFTER INSERT ON artists BEGIN
  INSERT INTO artists_fts(rowid, name) VALUES (new.rowid, new.name);
END;
--> statement-breakpoint
CREATE TRIGGER artists_fts_update AFTER UPDATE OF name ON artists WHEN old.name IS NOT new.name BEGIN
  UPDATE artists_fts SET name = new.name WHERE rowid = new.rowid;
  UPDATE albums_fts SET artists = new.name WHERE rowid IN (SELECT rowid FROM albums WHERE artist_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER artists_fts_delete AFTER DELETE ON artists BEGIN
  DELETE FROM artists_fts WHERE rowid = old.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER albums_fts_insert AFTER INSERT ON albums BEGIN
  INSERT INTO albums_fts(rowid, name, artists) VALUES (new.rowid, new.name, coalesce((SELECT name FROM artists WHERE id = new.artist_id), ''));
END;
--> statement-breakpoint
CREATE TRIGGER albums_fts_update AFTER UPDATE OF name, artist_id ON albums WHEN old.name IS NOT new.name OR old.artist_id IS NOT new.artist_id BEGIN
  UPDATE albums_fts SET name = new.name, artists = coalesce((SELECT name FROM artists WHERE id = new.artist_id), '') WHERE rowid = new.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER albums_fts_delete AFTER DELETE ON albums BEGIN
  DELETE FROM albums_fts WHERE rowid = old.rowid;
END;
--> statement-breakpoint
-- A track indexes its title and the names of its credited artists (track_artists). The track row
-- is written before its credits, so it starts with its primary artist's name; credit rows that
-- add or change names refresh it.
CREATE TRIGGER tracks_fts_insert AFTER INSERT ON tracks BEGIN
  INSERT INTO tracks_fts(rowid, title, artists) VALUES (new.rowid, new.title, coalesce(
    (SELECT group_concat(artist_name, ' ') FROM track_artists WHERE track_id = new.id),
    (SELECT name FROM artists WHERE id = new.artist_id), ''));
END;
--> statement-breakpoint
CREATE TRIGGER tracks_fts_update AFTER UPDATE OF title ON tracks WHEN old.title IS NOT new.title BEGIN
  UPDATE tracks_fts SET title = new.title WHERE rowid = new.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER tracks_fts_delete AFTER DELETE ON tracks BEGIN
  DELETE FROM tracks_fts WHERE rowid = old.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER track_artists_fts_insert AFTER INSERT ON track_artists
WHEN new.position > 0 OR new.artist_name IS NOT (SELECT a.name FROM tracks t JOIN artists a ON a.id = t.artist_id WHERE t.id = new.track_id) BEGIN
  UPDATE tracks_fts SET artists = (SELECT group_concat(artist_name, ' ') FROM track_artists WHERE track_id = new.track_id)
  WHERE rowid = (SELECT rowid FROM tracks WHERE id = new.track_id);
END;
--> statement-breakpoint
CREATE TRIGGER track_artists_fts_update AFTER UPDATE ON track_artists BEGIN
  UPDATE tracks_fts SET artists = (SELECT group_concat(artist_name, ' ') FROM track_artists WHERE track_id = new.track_id)
  WHERE rowid = (SELECT rowid FROM tracks WHERE id = new.track_id);
END;
--> statement-breakpoint
CREATE TRIGGER track_artists_fts_delete AFTER DELETE ON track_artists BEGIN
  UPDATE tracks_fts SET artists = coalesce((SELECT group_concat(artist_name, ' ') FROM track_artists WHERE track_id = old.track_id), '')
  WHERE rowid = (SELECT rowid FROM tracks WHERE id = old.track_id);
END;

-- Full-text search over lyrics (hand-written, like 0003: drizzle cannot describe FTS5 or triggers).
-- Same tokenizer and prefix indexes as tracks_fts, so a query means the same in both. Rows are
-- keyed by the rowid of their track_lyrics row (an upsert keeps it), and triggers keep the index in
-- step with every writer (PUT /tracks/{id}/lyrics, the catalog import, a reshard's copy and delete).
-- Track search reads it after the title/artist index (workers/api/src/search/ranking-sql.ts).
CREATE VIRTUAL TABLE lyrics_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
--> statement-breakpoint
-- Feeds search_terms, so a typo in a lyric is corrected like one in a title (search/vocabulary.ts).
CREATE VIRTUAL TABLE lyrics_fts_vocab USING fts5vocab(lyrics_fts, 'row');
--> statement-breakpoint
CREATE TRIGGER lyrics_fts_insert AFTER INSERT ON track_lyrics BEGIN
  INSERT INTO lyrics_fts(rowid, text) VALUES (new.rowid, new.search_text);
END;
--> statement-breakpoint
CREATE TRIGGER lyrics_fts_update AFTER UPDATE OF search_text ON track_lyrics WHEN old.search_text IS NOT new.search_text BEGIN
  UPDATE lyrics_fts SET text = new.search_text WHERE rowid = new.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER lyrics_fts_delete AFTER DELETE ON track_lyrics BEGIN
  DELETE FROM lyrics_fts WHERE rowid = old.rowid;
END;

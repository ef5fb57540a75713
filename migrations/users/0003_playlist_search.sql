-- Full-text search over this shard's PUBLIC playlists (hand-written: drizzle cannot describe FTS5).
-- Same tokenizer and prefix indexes as the catalog (migrations/catalog/0003_search_fts.sql), so
-- search/query-text.ts builds match expressions for both. A row is in the index exactly while its
-- playlist is public and not deleted (deletes are tombstones: deleted_at); the PlaylistRoom writes
-- the row through with one upsert, and these triggers follow it, so a private playlist is never
-- in the index to be found.

CREATE VIRTUAL TABLE playlists_fts USING fts5(name, description, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
--> statement-breakpoint
INSERT INTO playlists_fts(rowid, name, description)
  SELECT rowid, name, coalesce(description, '') FROM playlists WHERE public = 1 AND deleted_at IS NULL;
--> statement-breakpoint
CREATE TRIGGER playlists_fts_insert AFTER INSERT ON playlists WHEN new.public = 1 AND new.deleted_at IS NULL BEGIN
  INSERT INTO playlists_fts(rowid, name, description) VALUES (new.rowid, new.name, coalesce(new.description, ''));
END;
--> statement-breakpoint
-- Follows and item edits rewrite the row with the same details; only a change of what is indexed
-- (or whether it may be) touches the index.
CREATE TRIGGER playlists_fts_update AFTER UPDATE OF name, description, public, deleted_at ON playlists
  WHEN old.name IS NOT new.name OR old.description IS NOT new.description OR old.public IS NOT new.public OR old.deleted_at IS NOT new.deleted_at BEGIN
  DELETE FROM playlists_fts WHERE rowid = old.rowid;
  INSERT INTO playlists_fts(rowid, name, description)
    SELECT new.rowid, new.name, coalesce(new.description, '') WHERE new.public = 1 AND new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER playlists_fts_delete AFTER DELETE ON playlists BEGIN
  DELETE FROM playlists_fts WHERE rowid = old.rowid;
END;

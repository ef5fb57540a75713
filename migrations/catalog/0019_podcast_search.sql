-- Full-text search over podcast shows and episodes (hand-written: drizzle cannot describe FTS5), in the
-- manner of 0003: unicode61 with diacritics folded and 2/3-character prefix indexes, rows keyed by the
-- rowid of the row they index, and triggers that keep them in step with every writer.
-- A show indexes its name and publisher; an episode its title and its show's name.

CREATE VIRTUAL TABLE shows_fts USING fts5(name, publisher, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
--> statement-breakpoint
CREATE VIRTUAL TABLE episodes_fts USING fts5(name, show, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
--> statement-breakpoint
CREATE TRIGGER shows_fts_insert AFTER INSERT ON shows BEGIN
  INSERT INTO shows_fts(rowid, name, publisher) VALUES (new.rowid, new.name, new.publisher);
END;
--> statement-breakpoint
CREATE TRIGGER shows_fts_update AFTER UPDATE OF name, publisher ON shows WHEN old.name IS NOT new.name OR old.publisher IS NOT new.publisher BEGIN
  UPDATE shows_fts SET name = new.name, publisher = new.publisher WHERE rowid = new.rowid;
  UPDATE episodes_fts SET show = new.name WHERE rowid IN (SELECT rowid FROM episodes WHERE show_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER shows_fts_delete AFTER DELETE ON shows BEGIN
  DELETE FROM shows_fts WHERE rowid = old.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER episodes_fts_insert AFTER INSERT ON episodes BEGIN
  INSERT INTO episodes_fts(rowid, name, show) VALUES (new.rowid, new.name, coalesce((SELECT name FROM shows WHERE id = new.show_id), ''));
END;
--> statement-breakpoint
CREATE TRIGGER episodes_fts_update AFTER UPDATE OF name ON episodes WHEN old.name IS NOT new.name BEGIN
  UPDATE episodes_fts SET name = new.name WHERE rowid = new.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER episodes_fts_delete AFTER DELETE ON episodes BEGIN
  DELETE FROM episodes_fts WHERE rowid = old.rowid;
END;

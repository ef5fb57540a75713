-- Podcast import (workers/api/src/podcasts/import-feed.ts): the feed a show was imported from, unique per
-- publishing artist, and each imported episode's feed guid, unique per show (SQLite unique indexes admit many NULLs).
ALTER TABLE `episodes` ADD `guid` text;--> statement-breakpoint
CREATE UNIQUE INDEX `episodes_show_guid` ON `episodes` (`show_id`,`guid`);--> statement-breakpoint
ALTER TABLE `shows` ADD `feed_url` text;--> statement-breakpoint
CREATE UNIQUE INDEX `shows_artist_feed` ON `shows` (`artist_id`,`feed_url`);
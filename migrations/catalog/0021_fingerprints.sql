-- Acoustic fingerprints (core/fingerprint, core/catalog/fingerprint-index.ts): each ready track's raw
-- Chromaprint fingerprint on its shard, an inverted index of lookup keys on the shard each key picks,
-- the same artist's earlier recording a track repeats, and the audio a held upload waits with.
CREATE TABLE `fingerprint_keys` (
	`key` integer NOT NULL,
	`track_id` text NOT NULL,
	PRIMARY KEY(`key`, `track_id`)
);
--> statement-breakpoint
CREATE TABLE `track_fingerprints` (
	`track_id` text PRIMARY KEY NOT NULL,
	`raw` blob NOT NULL,
	FOREIGN KEY (`track_id`) REFERENCES `tracks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `tracks` ADD `same_recording_as` text;--> statement-breakpoint
ALTER TABLE `uploads` ADD `held_audio` text;
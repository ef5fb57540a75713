CREATE TABLE `track_lyrics` (
	`track_id` text PRIMARY KEY NOT NULL,
	`synced` integer NOT NULL,
	`lines` text NOT NULL,
	`search_text` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`track_id`) REFERENCES `tracks`(`id`) ON UPDATE no action ON DELETE no action
);

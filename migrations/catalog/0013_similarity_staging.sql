CREATE TABLE `similarity_pages` (
	`run_id` text NOT NULL,
	`page` text NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`run_id`, `page`)
);
--> statement-breakpoint
CREATE TABLE `similarity_pairs` (
	`run_id` text NOT NULL,
	`track_id` text NOT NULL,
	`other_id` text NOT NULL,
	`weight` real NOT NULL,
	`sources` integer NOT NULL,
	PRIMARY KEY(`run_id`, `track_id`, `other_id`)
);
--> statement-breakpoint
CREATE TABLE `similarity_tracks` (
	`run_id` text NOT NULL,
	`track_id` text NOT NULL,
	`norm2` real NOT NULL,
	`sources` integer NOT NULL,
	PRIMARY KEY(`run_id`, `track_id`)
);

CREATE TABLE `offline_licenses` (
	`user_id` text NOT NULL,
	`track_id` text NOT NULL,
	`granted_at` integer NOT NULL,
	`last_played_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `track_id`)
);
--> statement-breakpoint
CREATE INDEX `offline_licenses_last_played` ON `offline_licenses` (`last_played_at`);
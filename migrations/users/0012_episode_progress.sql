CREATE TABLE `episode_progress` (
	`user_id` text NOT NULL,
	`episode_id` text NOT NULL,
	`position_ms` integer NOT NULL,
	`fully_played` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `episode_id`)
);
--> statement-breakpoint
CREATE INDEX `episode_progress_user_recent` ON `episode_progress` (`user_id`,`updated_at`);
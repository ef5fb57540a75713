CREATE TABLE `inbox_items` (
	`user_id` text NOT NULL,
	`album_id` text NOT NULL,
	`artist_id` text NOT NULL,
	`released_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `album_id`)
);
--> statement-breakpoint
CREATE INDEX `inbox_items_user_released` ON `inbox_items` (`user_id`,`released_at`);
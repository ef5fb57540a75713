CREATE TABLE `library_items` (
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`item_id` text NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `kind`, `item_id`)
);
--> statement-breakpoint
CREATE INDEX `library_items_user_kind_added` ON `library_items` (`user_id`,`kind`,`added_at`);--> statement-breakpoint
CREATE TABLE `playlist_collaborators` (
	`playlist_id` text NOT NULL,
	`user_id` text NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`playlist_id`, `user_id`)
);
--> statement-breakpoint
CREATE TABLE `playlist_follows` (
	`user_id` text NOT NULL,
	`playlist_id` text NOT NULL,
	`followed_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `playlist_id`)
);
--> statement-breakpoint
CREATE INDEX `playlist_follows_user_time` ON `playlist_follows` (`user_id`,`followed_at`);--> statement-breakpoint
CREATE TABLE `playlist_items` (
	`item_id` text PRIMARY KEY NOT NULL,
	`playlist_id` text NOT NULL,
	`track_id` text NOT NULL,
	`position` real NOT NULL,
	`added_by` text NOT NULL,
	`added_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `playlist_items_order` ON `playlist_items` (`playlist_id`,`position`);--> statement-breakpoint
CREATE TABLE `playlists` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`public` integer NOT NULL,
	`collaborative` integer NOT NULL,
	`snapshot_id` text NOT NULL,
	`version` integer NOT NULL,
	`item_count` integer NOT NULL,
	`follower_count` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE INDEX `playlists_owner` ON `playlists` (`owner_id`);
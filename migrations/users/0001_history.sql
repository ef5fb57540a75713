CREATE TABLE `listening_events` (
	`user_id` text NOT NULL,
	`event_id` text NOT NULL,
	`track_id` text NOT NULL,
	`started_at` integer NOT NULL,
	`ms_played` integer NOT NULL,
	`completed` integer NOT NULL,
	`device_id` text,
	`session_id` text,
	`quality` text,
	`region` text NOT NULL,
	`received_at` integer NOT NULL,
	`outcome` text NOT NULL,
	PRIMARY KEY(`user_id`, `event_id`)
);
--> statement-breakpoint
CREATE INDEX `listening_events_user_time` ON `listening_events` (`user_id`,`started_at`);
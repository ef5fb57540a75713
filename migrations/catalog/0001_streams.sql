CREATE TABLE `stream_ledger` (
	`user_id` text NOT NULL,
	`event_id` text NOT NULL,
	`track_id` text NOT NULL,
	`region` text NOT NULL,
	`day` text NOT NULL,
	`hour` integer NOT NULL,
	`attempt` text NOT NULL,
	PRIMARY KEY(`user_id`, `event_id`)
);
--> statement-breakpoint
CREATE INDEX `stream_ledger_attempt` ON `stream_ledger` (`attempt`);--> statement-breakpoint
CREATE TABLE `track_daily_streams` (
	`track_id` text NOT NULL,
	`day` text NOT NULL,
	`streams` integer NOT NULL,
	PRIMARY KEY(`track_id`, `day`)
);
--> statement-breakpoint
CREATE INDEX `track_daily_streams_day` ON `track_daily_streams` (`day`);--> statement-breakpoint
CREATE TABLE `track_region_hourly_streams` (
	`region` text NOT NULL,
	`hour` integer NOT NULL,
	`track_id` text NOT NULL,
	`streams` integer NOT NULL,
	PRIMARY KEY(`region`, `hour`, `track_id`)
);
--> statement-breakpoint
CREATE INDEX `track_region_hourly_streams_hour` ON `track_region_hourly_streams` (`hour`);
CREATE TABLE `track_neighbours` (
	`track_id` text NOT NULL,
	`rank` integer NOT NULL,
	`neighbour_id` text NOT NULL,
	`score` real NOT NULL,
	`computed_at` integer NOT NULL,
	PRIMARY KEY(`track_id`, `rank`)
);

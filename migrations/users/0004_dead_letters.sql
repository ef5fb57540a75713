CREATE TABLE `listening_dead_letters` (
	`message_id` text PRIMARY KEY NOT NULL,
	`user_id` text,
	`body` text NOT NULL,
	`attempts` integer NOT NULL,
	`dead_at` integer NOT NULL
);

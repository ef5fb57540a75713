CREATE TABLE `subsonic_api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`key_hash` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subsonic_api_keys_hash` ON `subsonic_api_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `subsonic_api_keys_user` ON `subsonic_api_keys` (`user_id`);--> statement-breakpoint
CREATE TABLE `subsonic_credentials` (
	`user_id` text PRIMARY KEY NOT NULL,
	`password_ciphertext` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);

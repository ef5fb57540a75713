-- Refresh-token families: each login or registration starts one; every token
-- rotated from it carries its id. Logout, or a rotated token presented again,
-- revokes the family, and with it every token of that login.
CREATE TABLE `refresh_families` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`revoked_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `refresh_families_user` ON `refresh_families` (`user_id`);
--> statement-breakpoint
ALTER TABLE `refresh_tokens` ADD `family_id` text REFERENCES refresh_families(id);
--> statement-breakpoint
ALTER TABLE `refresh_tokens` ADD `replaced_by` text;
--> statement-breakpoint
-- Tokens issued before families existed each become a family of their own.
INSERT INTO `refresh_families` (`id`, `user_id`, `created_at`) SELECT `token_hash`, `user_id`, `created_at` FROM `refresh_tokens`;
--> statement-breakpoint
UPDATE `refresh_tokens` SET `family_id` = `token_hash`;

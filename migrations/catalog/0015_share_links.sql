CREATE TABLE `share_links` (
	`code` text PRIMARY KEY NOT NULL,
	`uri` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `share_links_uri_unique` ON `share_links` (`uri`);
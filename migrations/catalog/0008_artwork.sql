ALTER TABLE `albums` ADD `image_hash` text;--> statement-breakpoint
ALTER TABLE `artists` ADD `image_hash` text;
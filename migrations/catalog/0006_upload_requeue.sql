ALTER TABLE `uploads` ADD `requeues` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `uploads` ADD `retry_at` integer;--> statement-breakpoint
CREATE INDEX `uploads_retry_due` ON `uploads` (`status`,`retry_at`);
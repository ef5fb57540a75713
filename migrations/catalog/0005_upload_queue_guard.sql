-- One transcode per upload however often it is completed (workers/api/src/uploads/complete-upload.ts):
-- `queued_at` is set by the one request that wins the right to send the job, and cleared if that send fails.
-- Hand-written, like 0003 and 0004.
ALTER TABLE uploads ADD COLUMN queued_at integer;
--> statement-breakpoint
-- Per-artist quota of unfinished uploads (workers/api/src/uploads/artist-quota.ts) counts these.
CREATE INDEX uploads_artist_unfinished ON uploads (artist_id, updated_at) WHERE status IN ('created', 'uploaded', 'transcoding');

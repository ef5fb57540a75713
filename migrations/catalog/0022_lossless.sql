-- The lossless (FLAC) rendition's format, when a track's source was lossless (transcoder/src/lossless.ts): GET /tracks/{id} answers lossless:{bit_depth, sample_rate}.
ALTER TABLE `tracks` ADD `lossless_bit_depth` integer;--> statement-breakpoint
ALTER TABLE `tracks` ADD `lossless_sample_rate` integer;
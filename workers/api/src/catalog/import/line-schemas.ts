import { z } from 'zod';
import { describeIssue } from '#core/http/validation.ts';
import { parseLrc, type Lyrics } from '#core/lyrics/lrc.ts';

/** One NDJSON record of a label's catalog (POST /api/v1/catalog/import in the OpenAPI document); ids are the label's. */
const externalId = z.string().trim().min(1).max(128);
const name = z.string().trim().min(1).max(500);

export const artistLine = z.object({
  type: z.literal('artist'),
  id: externalId,
  name,
});

export const albumLine = z.object({
  type: z.literal('album'),
  id: externalId,
  artist_id: externalId,
  name,
  release_date: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected YYYY, YYYY-MM or YYYY-MM-DD')
    .nullish(),
});

export const trackLine = z.object({
  type: z.literal('track'),
  id: externalId,
  album_id: externalId.nullish(),
  artist_ids: z.array(externalId).min(1).max(20),
  title: name,
  duration_ms: z
    .number()
    .int()
    .min(0)
    .max(24 * 3600 * 1000)
    .nullish(),
  genre: z.string().trim().min(1).max(100).nullish(),
  popularity: z.number().int().min(0).max(100).default(0),
  track_number: z.number().int().min(1).max(10_000).nullish(),
  explicit: z.boolean().default(false),
});

/** A track's lyrics (the body PUT /tracks/{id}/lyrics takes), parsed here so a malformed LRC line rejects the record. */
export const lyricsLine = z.object({
  type: z.literal('lyrics'),
  track_id: externalId,
  lrc: z.string().transform((lrc, ctx): Lyrics => {
    const parsed = parseLrc(lrc);
    if (parsed.ok) return parsed.lyrics;
    ctx.addIssue({ code: 'custom', message: `line ${parsed.line} of the lyrics: ${parsed.error}` });
    return z.NEVER;
  }),
});

export const catalogLine = z.discriminatedUnion('type', [artistLine, albumLine, trackLine, lyricsLine], {
  error: 'must be "artist", "album", "track" or "lyrics"',
});

export type ArtistLine = z.infer<typeof artistLine>;
export type AlbumLine = z.infer<typeof albumLine>;
export type TrackLine = z.infer<typeof trackLine>;
export type LyricsLine = z.infer<typeof lyricsLine>;
export type CatalogLine = z.infer<typeof catalogLine>;

/** Parses one line into a record or a reason it was rejected. */
export function parseCatalogLine(text: string): { ok: true; record: CatalogLine } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not valid JSON' };
  }
  const parsed = catalogLine.safeParse(json);
  if (parsed.success) return { ok: true, record: parsed.data };
  // Only the record's kind can be wrong at the root (a line that is not an object): name it `type`.
  return { ok: false, error: describeIssue(parsed.error, { root: 'type', fallback: 'invalid record' }) };
}

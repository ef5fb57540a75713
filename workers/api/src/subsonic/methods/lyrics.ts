import { loadTracks, type TrackRecord } from '#core/catalog/reads.ts';
import type { CatalogTrack } from '#core/protocol/catalog-views.ts';
import { NotFound } from '#core/errors.ts';
import type { Lyrics } from '#core/lyrics/lrc.ts';
import { shardDb, shardOfId } from '#core/shards.ts';
import { readLyrics } from '../../lyrics/lyrics-store.ts';
import { search } from '../../search/search-service.ts';
import { shardDeadlineMs } from '../../search/shard-deadline.ts';
import { SubsonicCode, SubsonicError } from '../errors.ts';
import type { MethodContext, MethodTable } from '../method.ts';
import { catalogReads } from '../read-sessions.ts';

/**
 * Lyrics for Subsonic apps, from the lyrics store the REST API writes
 * (PUT /tracks/{id}/lyrics). getLyricsBySongId (OpenSubsonic songLyrics) gives
 * them structured: one entry, its lines with `start` ms when synced (the LRC
 * offset is already applied, so `offset` is 0); none is an empty list. An id
 * that names no song is 70. getLyrics (Subsonic 1.2) finds the song by artist
 * and title and gives the words as plain text; no match is an empty element.
 */

/** The language is not recorded with the lyrics: ISO 639-2's "undetermined". */
const UNKNOWN_LANGUAGE = 'und';
/** getLyrics looks at this many of the search's best matches for one whose title (and artist) match exactly. */
const GETLYRICS_CANDIDATES = 10;

async function storedLyrics(env: Env, trackId: string): Promise<Lyrics | null> {
  try {
    return await readLyrics(shardDb(env, 'CATALOG', shardOfId(env, 'CATALOG', trackId)), trackId);
  } catch (err) {
    if (err instanceof NotFound) return null;
    throw err;
  }
}

const artistLine = (track: TrackRecord) => track.artists.map((a) => a.name).join(', ');

async function getLyricsBySongId({ env, params }: MethodContext) {
  const id = params.required('id');
  const track = (await loadTracks(env, [id])).get(id);
  if (!track) throw new SubsonicError(SubsonicCode.notFound, `No song with id ${JSON.stringify(id)}.`);
  const lyrics = await storedLyrics(env, id);
  if (!lyrics) return { lyricsList: { structuredLyrics: [] } };
  return {
    lyricsList: {
      structuredLyrics: [
        {
          displayArtist: artistLine(track),
          displayTitle: track.title,
          lang: UNKNOWN_LANGUAGE,
          offset: 0,
          synced: lyrics.synced,
          line: lyrics.lines.map((l) => (lyrics.synced ? { start: l.start_ms, value: l.text } : { value: l.text })),
        },
      ],
    },
  };
}

const same = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base' }) === 0;

async function getLyrics({ env, params, request }: MethodContext) {
  const artist = params.get('artist')?.trim() ?? '';
  const title = params.get('title')?.trim() ?? '';
  if (!title) return { lyrics: {} };
  const { body } = await search(
    catalogReads(env),
    { q: `${title} ${artist}`.trim(), types: ['track'], limit: GETLYRICS_CANDIDATES, offset: 0 },
    request.url,
    shardDeadlineMs(env),
  );
  const candidates = (body.tracks?.items ?? []) as CatalogTrack[];
  const match = candidates.find((t) => same(t.title, title) && (!artist || t.artists.some((a) => same(a.name, artist))));
  const lyrics = match ? await storedLyrics(env, match.id) : null;
  if (!match || !lyrics) return { lyrics: {} };
  return {
    lyrics: { artist: match.artists.map((a) => a.name).join(', '), title: match.title, value: lyrics.lines.map((l) => l.text).join('\n') },
  };
}

export const lyricsMethods: MethodTable = {
  getLyricsBySongId: { run: getLyricsBySongId },
  getLyrics: { run: getLyrics },
};

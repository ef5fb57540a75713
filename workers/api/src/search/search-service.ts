import { ServiceUnavailable } from '#core/errors.ts';
import type { CatalogSessions } from '../catalog/read-sessions.ts';
import { page, type Page } from '../http/paging.ts';
import { albumSummary, artistSummary, catalogTrack } from '#core/catalog/views.ts';
import { albumRecordOf, artistRecordOf, trackFieldsOf, type AlbumRow, type ArtistRow, type TrackRow } from '../catalog/listing-rows.ts';
import { matchExpression, queryTerms, tokenize, type QueryTerm } from './query-text.ts';
import { LYRICS_SEARCH_SQL, RANKED_SEARCH_SQL, type CatalogType, type ScoredRow } from './ranking-sql.ts';
import { withinDeadline } from './shard-deadline.ts';
import { corrections, maxEdits, trigramQuery, type Candidate } from './spelling.ts';
import { candidatesStatement, knownTermsStatement } from './vocabulary.ts';

export const searchTypes = ['track', 'artist', 'album', 'playlist'] as const;
export type SearchType = (typeof searchTypes)[number];

export interface SearchRequest {
  q: string;
  types: SearchType[];
  limit: number;
  offset: number;
}

export interface SearchOutcome {
  body: Partial<Record<'tracks' | 'artists' | 'albums' | 'playlists', Page<unknown>>>;
  /** The query as corrected for spelling, when the literal one found nothing. */
  corrected: string | null;
  /** Some shard failed or missed its deadline: the answer holds what the others found. */
  partial: boolean;
}

/** How long a client is asked to wait when no shard answered. */
export const SEARCH_RETRY_AFTER_SECONDS = 2;

const KEY: Record<SearchType, 'tracks' | 'artists' | 'albums' | 'playlists'> = { track: 'tracks', artist: 'artists', album: 'albums', playlist: 'playlists' };

type ShardHits = Record<CatalogType, (ScoredRow & Record<string, unknown>)[]>;

/**
 * Search every catalog shard in parallel and merge (playlists are searched
 * apart, in playlists.ts, so they stay out of the edge cache). Two passes at most: the
 * query as typed (last word as a prefix); if that finds nothing, each word the
 * vocabulary does not know is widened to its nearest spellings and the query
 * runs again. Tracks list title/artist matches first, then the tracks only
 * their lyrics match: a lyric can find a track but never outrank a title.
 */
export async function search(reads: CatalogSessions, req: SearchRequest, requestUrl: string, deadlineMs: number): Promise<SearchOutcome> {
  const catalogTypes = req.types.filter((t): t is CatalogType => t !== 'playlist');
  const take = req.offset + req.limit;
  const tokens = tokenize(req.q);
  const hits: Record<CatalogType, ScoredRow[]> = { track: [], artist: [], album: [] };
  const totals: Record<CatalogType, number> = { track: 0, artist: 0, album: 0 };
  let corrected: string | null = null;
  let partial = false;
  let match = '';

  // One letter is no query yet (as-you-type clients send it anyway): answer empty pages, not an error.
  if (tokens.join('').length >= 2) {
    const terms = queryTerms(tokens);
    match = matchExpression(terms);
    const first = await searchShards(reads, catalogTypes, match, take, tokens, deadlineMs);
    if (first.answered === 0)
      throw new ServiceUnavailable('Search is unavailable right now; try again shortly.', SEARCH_RETRY_AFTER_SECONDS, 'search_unavailable');
    partial = first.answered < reads.sessions.length;
    Object.assign(hits, first.hits);
    Object.assign(totals, first.totals);
    const found = catalogTypes.some((t) => first.totals[t] > 0);
    const unknown = terms.filter((t) => !first.known.has(t.token) && t.token.length >= 3);
    const widened = !found && catalogTypes.length > 0 && unknown.length > 0 ? await addCorrections(reads, unknown, deadlineMs) : null;
    partial ||= widened !== null && widened.answered < reads.sessions.length;
    if (widened?.found) {
      match = matchExpression(terms);
      const second = await searchShards(reads, catalogTypes, match, take, [], deadlineMs);
      Object.assign(hits, second.hits);
      Object.assign(totals, second.totals);
      partial ||= second.answered < reads.sessions.length;
      corrected = terms.map((t) => t.alternatives[0] ?? t.token).join(' ');
    }
  }

  const body: SearchOutcome['body'] = {};
  for (const type of catalogTypes) {
    const rows = hits[type].slice(req.offset, take);
    const items = rows.map((row) =>
      type === 'track'
        ? catalogTrack(trackFieldsOf(row as unknown as TrackRow))
        : type === 'artist'
          ? artistSummary(artistRecordOf(row as unknown as ArtistRow))
          : albumSummary(albumRecordOf(row as unknown as AlbumRow)),
    );
    body[KEY[type]] = page(requestUrl, items, totals[type], req);
  }
  return { body, corrected, partial };
}

async function searchShards(reads: CatalogSessions, types: CatalogType[], match: string, take: number, checkTokens: string[], deadlineMs: number) {
  const withLyrics = types.includes('track');
  const settled = await withinDeadline(
    reads.sessions.map((db) => () => {
      const statements = types.map((t) => db.prepare(RANKED_SEARCH_SQL[t]).bind(match, take));
      if (withLyrics) statements.push(db.prepare(LYRICS_SEARCH_SQL).bind(match, take));
      if (checkTokens.length > 0) statements.push(knownTermsStatement(db, checkTokens));
      return db.batch(statements);
    }),
    deadlineMs,
  );
  const perShard = settled.filter((r) => r !== undefined);
  const hits = { track: [], artist: [], album: [] } as ShardHits;
  const totals: Record<CatalogType, number> = { track: 0, artist: 0, album: 0 };
  const lyricHits: ShardHits['track'] = [];
  const known = new Set<string>();
  const lyricsAt = types.length;
  const knownAt = types.length + (withLyrics ? 1 : 0);
  for (const results of perShard) {
    types.forEach((type, i) => {
      const rows = results[i]!.results as ShardHits[CatalogType];
      hits[type].push(...rows);
      totals[type] += rows[0]?.total ?? 0;
    });
    if (withLyrics) {
      const rows = results[lyricsAt]!.results as ShardHits['track'];
      lyricHits.push(...rows);
      totals.track += rows[0]?.total ?? 0;
    }
    if (checkTokens.length > 0) for (const row of results[knownAt]!.results as { term: string }[]) known.add(row.term);
  }
  for (const type of types) hits[type] = bestFirst(hits[type]);
  if (withLyrics) hits.track = bestFirst([...hits.track, ...bestFirst(lyricHits)], true);
  return { hits, totals, known, answered: perShard.length };
}

/**
 * Sorted by score, each id once at its best place: while a reshard deletes a moved range from
 * its old database, both databases hold its rows for a few seconds. `keepOrder`: already
 * ordered (title matches, then lyric matches), only deduplicated.
 */
function bestFirst<Row extends ScoredRow>(rows: Row[], keepOrder = false): Row[] {
  if (!keepOrder) rows.sort((a, b) => a.score - b.score || (a.id < b.id ? -1 : 1));
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(row.id) && seen.add(row.id));
}

/** Fills in `alternatives` for each unknown term from the vocabulary of every shard that answers; found when any was. */
async function addCorrections(reads: CatalogSessions, unknown: QueryTerm[], deadlineMs: number): Promise<{ found: boolean; answered: number }> {
  const settled = await withinDeadline(
    reads.sessions.map(
      (db) => () =>
        db.batch(
          unknown.map((t) => {
            const max = maxEdits(t.token.length);
            return candidatesStatement(db, trigramQuery(t.token), Math.max(2, t.token.length - max), t.prefix ? 1000 : t.token.length + max);
          }),
        ),
    ),
    deadlineMs,
  );
  const perShard = settled.filter((r) => r !== undefined);
  let any = false;
  unknown.forEach((term, i) => {
    const docs = new Map<string, number>();
    for (const results of perShard) for (const c of results[i]!.results as Candidate[]) docs.set(c.term, (docs.get(c.term) ?? 0) + c.docs);
    term.alternatives = corrections(
      term.token,
      [...docs].map(([t, d]) => ({ term: t, docs: d })),
      term.prefix,
    );
    any ||= term.alternatives.length > 0;
  });
  return { found: any, answered: perShard.length };
}

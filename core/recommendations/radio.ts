/**
 * A radio station, pure: the seeds' neighbours walked outward breadth-first,
 * each step's similarity decayed by depth, until the pool holds RADIO_POOL
 * tracks or RADIO_MAX_DEPTH is reached. The pool is ranked by that score,
 * tracks the listener already heard move behind the unheard ones, and each
 * window of the ranking is spread by artist (the player's shuffle spread) so
 * no artist plays twice in a row where any other artist is left to play.
 * When the pool is played through the station goes round again, freshly
 * spread, so it never ends. The pool does not depend on `offset`, so for the
 * same inputs and seed every page is a slice of one sequence.
 */
import { spreadShuffle } from '#core/artist-spread.ts';
import type { NeighbourLookup } from './neighbours.ts';

export interface RadioInput {
  seeds: readonly string[];
  neighbours: NeighbourLookup;
  artistOf: (trackId: string) => string | undefined;
  heard: ReadonlySet<string>;
  offset: number;
  limit: number;
  seed: number;
}

/** Distinct tracks a walk gathers before it stops widening. */
export const RADIO_POOL = 200;
/** Steps out from the seeds; the seeds are depth 0. */
export const RADIO_MAX_DEPTH = 5;
/** Each step out keeps this share of its parent's score. */
const DEPTH_DECAY = 0.5;
/** Ranked tracks spread together: small enough to keep close neighbours early, big enough to separate artists. */
const SPREAD_WINDOW = 20;

interface Walked {
  id: string;
  score: number;
}

/**
 * The walk alone, in rank order. Scores are relative to each list's best
 * (track_neighbours scores compare only within one list), times the parent's.
 */
export function radioWalk(seeds: readonly string[], neighbours: NeighbourLookup): Walked[] {
  const found = new Map<string, number>();
  let level: Walked[] = [];
  for (const id of seeds) {
    if (found.has(id) || found.size >= RADIO_POOL) continue;
    found.set(id, 1);
    level.push({ id, score: 1 });
  }
  for (let depth = 1; depth <= RADIO_MAX_DEPTH && level.length > 0 && found.size < RADIO_POOL; depth++) {
    const next = new Map<string, number>();
    for (const parent of level) {
      const list = neighbours(parent.id);
      const best = list[0]?.score ?? 0;
      for (const n of list) {
        const relative = best > 0 ? Math.max(0, n.score) / best : 0;
        const score = parent.score * relative * DEPTH_DECAY;
        if (next.has(n.neighbourId)) next.set(n.neighbourId, Math.max(next.get(n.neighbourId)!, score));
        else if (!found.has(n.neighbourId) && found.size + next.size < RADIO_POOL) next.set(n.neighbourId, score);
      }
    }
    level = byScore([...next].map(([id, score]) => ({ id, score })));
    for (const w of level) found.set(w.id, w.score);
  }
  return byScore([...found].map(([id, score]) => ({ id, score })));
}

export function radioStation(input: RadioInput): string[] {
  const offset = Math.max(0, Math.floor(input.offset));
  const limit = Math.max(0, Math.floor(input.limit));
  if (limit === 0) return [];
  const ranked = radioWalk(input.seeds, input.neighbours).map((w) => w.id);
  if (ranked.length === 0) return [];
  const firstRound = [...ranked.filter((id) => !input.heard.has(id)), ...ranked.filter((id) => input.heard.has(id))];
  const artist = (id: string) => input.artistOf(id) ?? `track:${id}`;

  // Each round is every pooled track once: runs are broken inside a round, never by pulling a track
  // forward from the next one, so nothing repeats before the whole pool has played.
  const rounds = Math.ceil((offset + limit) / ranked.length);
  const sequence: string[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round === 0 ? firstRound : ranked;
    const spread: string[] = [];
    for (let start = 0; start < order.length; start += SPREAD_WINDOW) {
      const windowSeed = (input.seed ^ Math.imul(round + 1, 0x9e3779b1) ^ Math.imul(start + 1, 0x85ebca6b)) >>> 0;
      spread.push(...spreadShuffle(order.slice(start, start + SPREAD_WINDOW), artist, windowSeed));
    }
    const last = sequence.at(-1);
    breakArtistRuns(spread, artist, last === undefined ? undefined : artist(last));
    sequence.push(...spread);
  }
  return sequence.slice(offset, offset + limit);
}

/**
 * In place: wherever an artist would play twice in a row (counting `before`, the artist just played),
 * pull the next track by someone else forward. Where no one else is left the run stays.
 */
export function breakArtistRuns(sequence: string[], artistOf: (id: string) => string, before?: string): void {
  for (let i = 0; i < sequence.length; i++) {
    const previous = i === 0 ? before : artistOf(sequence[i - 1]!);
    if (previous === undefined || artistOf(sequence[i]!) !== previous) continue;
    const j = sequence.findIndex((id, k) => k > i && artistOf(id) !== previous);
    if (j < 0) return;
    const [moved] = sequence.splice(j, 1);
    sequence.splice(i, 0, moved!);
  }
}

function byScore(items: Walked[]): Walked[] {
  return items.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

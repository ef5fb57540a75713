import { describe, expect, it } from 'vitest';
import { longestArtistRun } from '#core/artist-spread.ts';
import type { Neighbour } from '#core/recommendations/neighbours.ts';
import { radioStation, radioWalk } from '#core/recommendations/radio.ts';
import { rankRecommendations } from '#core/recommendations/recommend.ts';

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;
const lookup =
  (table: Record<string, [string, number][]>) =>
  (id: string): Neighbour[] =>
    (table[id] ?? []).map(([neighbourId, score]) => ({ neighbourId, score }));

describe('rankRecommendations', () => {
  const neighbours = lookup({
    a1: [
      ['a2', 0.9],
      ['a3', 0.8],
      ['b1', 0.1],
    ],
    a2: [
      ['a1', 0.9],
      ['a3', 0.7],
      ['a4', 0.6],
    ],
    b1: [
      ['b2', 0.9],
      ['a1', 0.1],
    ],
    s1: [['s2', 0.9]],
  });
  const base = { neighbours, popularity: () => 0, now: NOW, limit: 10 };

  it('never returns what the listener played or saved, and follows their taste', () => {
    const out = rankRecommendations({
      ...base,
      history: [
        { trackId: 'a1', plays: 5, lastPlayedAt: NOW },
        { trackId: 'a2', plays: 3, lastPlayedAt: NOW },
      ],
      saved: ['s1'],
    });
    expect(out).not.toContain('a1');
    expect(out).not.toContain('a2');
    expect(out).not.toContain('s1');
    expect(out.slice(0, 2).sort()).toEqual(['a3', 'a4']);
    expect(out).toContain('s2');
    expect(out).toContain('b1');
  });

  it('weights recent and repeated plays above old, single ones', () => {
    const recentB = rankRecommendations({
      ...base,
      history: [
        { trackId: 'a1', plays: 1, lastPlayedAt: NOW - 60 * DAY },
        { trackId: 'b1', plays: 8, lastPlayedAt: NOW },
      ],
      saved: [],
    });
    expect(recentB[0]).toBe('b2');
    const recentA = rankRecommendations({
      ...base,
      history: [
        { trackId: 'a1', plays: 8, lastPlayedAt: NOW },
        { trackId: 'b1', plays: 1, lastPlayedAt: NOW - 60 * DAY },
      ],
      saved: [],
    });
    expect(recentA[0]).toBe('a2');
  });

  it('lets popularity settle near-ties but not overturn a clear preference', () => {
    const table = lookup({
      x: [
        ['niche', 1],
        ['loved', 0.98],
        ['far', 0.2],
      ],
    });
    const popularity = (id: string) => ({ niche: 1, loved: 10_000, far: 1_000_000 })[id] ?? 0;
    const out = rankRecommendations({ neighbours: table, popularity, now: NOW, limit: 3, history: [{ trackId: 'x', plays: 2, lastPlayedAt: NOW }], saved: [] });
    expect(out).toEqual(['loved', 'niche', 'far']);
  });

  it('returns nothing without history or neighbours, and honours the limit', () => {
    expect(rankRecommendations({ ...base, history: [], saved: [] })).toEqual([]);
    expect(rankRecommendations({ ...base, history: [{ trackId: 'zz', plays: 3, lastPlayedAt: NOW }], saved: [] })).toEqual([]);
    expect(rankRecommendations({ ...base, limit: 1, history: [{ trackId: 'a1', plays: 5, lastPlayedAt: NOW }], saved: [] })).toHaveLength(1);
  });
});

/** A catalogue of `artists` artists with `perArtist` tracks each, every track a neighbour of the next `k` tracks (by other artists first). */
function ring(artists: number, perArtist: number, k: number) {
  const ids = Array.from({ length: artists * perArtist }, (_, i) => `t${i}`);
  const artistOf = (id: string) => `artist-${Number(id.slice(1)) % artists}`;
  const neighbours = (id: string): Neighbour[] => {
    const i = Number(id.slice(1));
    return Array.from({ length: k }, (_, j) => ({ neighbourId: ids[(i + j + 1) % ids.length]!, score: 1 - j / (2 * k) }));
  };
  return { ids, artistOf, neighbours };
}

describe('radioStation', () => {
  const { ids, artistOf, neighbours } = ring(6, 20, 40);
  const station = (over: Partial<Parameters<typeof radioStation>[0]> = {}) =>
    radioStation({ seeds: ['t0'], neighbours, artistOf, heard: new Set(), offset: 0, limit: 50, seed: 42, ...over });

  it('never plays an artist twice in a row and repeats nothing within a page', () => {
    for (const seed of [1, 2, 3, 99, 12345]) {
      const page = station({ seed, limit: 100 });
      expect(page).toHaveLength(100);
      expect(new Set(page).size).toBe(100);
      expect(longestArtistRun(page, artistOf)).toBe(1);
    }
  });

  it('is deterministic for a seed, so offset pages are slices of one sequence', () => {
    const whole = station({ limit: 90 });
    expect(station({ limit: 90 })).toEqual(whole);
    expect([...station({ offset: 0, limit: 30 }), ...station({ offset: 30, limit: 30 }), ...station({ offset: 60, limit: 30 })]).toEqual(whole);
    expect(station({ seed: 43, limit: 90 })).not.toEqual(whole);
  });

  it('pushes heard tracks behind unheard ones without dropping them', () => {
    const first = station({ limit: 40 });
    const heard = new Set(first.slice(0, 10));
    // One round of the station: every track once.
    const after = station({ heard, limit: ids.length });
    expect(new Set(after).size).toBe(ids.length);
    const positions = [...heard].map((id) => after.indexOf(id));
    // The last window or two, give or take the tracks the artist spread moves.
    expect(Math.min(...positions)).toBeGreaterThanOrEqual(ids.length - 30);
    expect(first.slice(0, 10).some((id) => after.indexOf(id) < 10)).toBe(false);
  });

  it('keeps going when the walk runs dry', () => {
    const small = lookup({
      a: [
        ['b', 1],
        ['c', 0.5],
      ],
      b: [['a', 1]],
      c: [],
    });
    const artists: Record<string, string> = { a: 'x', b: 'y', c: 'z' };
    const page = radioStation({ seeds: ['a'], neighbours: small, artistOf: (id) => artists[id], heard: new Set(), offset: 0, limit: 12, seed: 7 });
    expect(page).toHaveLength(12);
    expect(new Set(page)).toEqual(new Set(['a', 'b', 'c']));
    expect(longestArtistRun(page, (id) => artists[id]!)).toBe(1);
    const later = radioStation({ seeds: ['a'], neighbours: small, artistOf: (id) => artists[id], heard: new Set(), offset: 1000, limit: 5, seed: 7 });
    expect(later).toHaveLength(5);
  });

  it('plays every pooled track once per round, even where breaking an artist run would pull a repeat forward', () => {
    // Three of the four tracks are by the seed's artist: no order avoids a run, and the fix for one must
    // not be the next round's copy of a track.
    const pool = lookup({
      a: [
        ['b', 1],
        ['c', 0.9],
        ['d', 0.8],
      ],
      b: [],
      c: [],
      d: [],
    });
    const artists: Record<string, string> = { a: 'x', b: 'x', c: 'y', d: 'x' };
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 42, 99]) {
      const page = radioStation({ seeds: ['a'], neighbours: pool, artistOf: (id) => artists[id], heard: new Set(), offset: 0, limit: 12, seed });
      for (let round = 0; round < 3; round++) expect(new Set(page.slice(round * 4, round * 4 + 4)).size, `seed ${seed} round ${round}`).toBe(4);
    }
  });

  it('walks closer neighbours first and stops widening at the pool size', () => {
    const walked = radioWalk(['t0'], ring(6, 20, 8).neighbours);
    expect(walked[0]!.id).toBe('t0');
    expect(walked.slice(1, 9).map((w) => w.id)).toEqual(['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8']);
    expect(walked.length).toBe(41);
    const wide = ring(50, 50, 30);
    expect(radioWalk(['t0'], wide.neighbours).length).toBeLessThanOrEqual(200);
  });

  it('gives nothing for a seed with no neighbours and no seed, and an empty page for limit 0', () => {
    expect(radioStation({ seeds: [], neighbours, artistOf, heard: new Set(), offset: 0, limit: 10, seed: 1 })).toEqual([]);
    expect(station({ limit: 0 })).toEqual([]);
  });
});

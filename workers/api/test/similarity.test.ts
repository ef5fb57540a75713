import { describe, expect, it } from 'vitest';
import { listenerVector, PairSums, playlistVector, SIMILARITY, scoreNeighbours, topNeighbours } from '#core/recommendations/similarity.ts';
import { cutPage, PAIRS_PER_PAGE } from '../src/recommendations/source-pages.ts';

const listens = (userId: string, tracks: string[], plays = 1) => tracks.map((trackId) => ({ userId, trackId, plays }));

describe('item-item similarity', () => {
  it("puts a track's co-listened tracks first, and a track played everywhere below them", () => {
    const neighbours = topNeighbours({
      listens: [
        ...listens('u1', ['a', 'b', 'hit']),
        ...listens('u2', ['a', 'b', 'hit']),
        ...listens('u3', ['a', 'c', 'hit']),
        ...listens('u4', ['x', 'y', 'hit']),
        ...listens('u5', ['x', 'y', 'hit']),
        // Everyone plays the hit.
        ...Array.from({ length: 20 }, (_, i) => listens(`fan${i}`, [`z${i}`, 'hit'])).flat(),
      ],
      k: 3,
    });
    expect(neighbours.get('a')!.map((n) => n.neighbourId)).toEqual(['b', 'hit', 'c']);
    expect(neighbours.get('x')!.map((n) => n.neighbourId)[0]).toBe('y');
    expect(neighbours.get('a')!.map((n) => n.neighbourId)).not.toContain('x');
  });

  it('weighs sharing playlists, keeps k at most, and never lists a track as its own neighbour', () => {
    const neighbours = topNeighbours({
      listens: [],
      playlists: [
        ['p', 'q', 'r'],
        ['p', 'q'],
        ['p', 'p', 's'],
      ],
      k: 2,
    });
    expect(neighbours.get('p')!.map((n) => n.neighbourId)).toEqual(['q', 'r']);
    for (const [track, list] of neighbours) {
      expect(list.length).toBeLessThanOrEqual(2);
      expect(list.map((n) => n.neighbourId)).not.toContain(track);
    }
  });

  it('caps a listener at their most recent distinct tracks, weighted by log plays', () => {
    const plays = Array.from({ length: 150 }, (_, i) => ({ trackId: `t${i}`, plays: i % 3 === 0 ? 3 : 1, lastPlayedAt: i }));
    const vector = listenerVector(plays);
    expect(vector).toHaveLength(SIMILARITY.tracksPerSource);
    expect(vector[0]).toEqual({ trackId: 't149', weight: 1 });
    expect(vector.find((v) => v.trackId === 't147')!.weight).toBeCloseTo(1 + Math.log(3));
    expect(vector.some((v) => v.trackId === 't49')).toBe(false);
    expect(playlistVector(['a', 'b', 'a'])).toEqual([
      { trackId: 'a', weight: SIMILARITY.playlistWeight },
      { trackId: 'b', weight: SIMILARITY.playlistWeight },
    ]);
  });

  it('sums both directions of each pair, and sums per source', () => {
    const sums = new PairSums();
    sums.add([
      { trackId: 'a', weight: 2 },
      { trackId: 'b', weight: 3 },
    ]);
    sums.add([
      { trackId: 'a', weight: 1 },
      { trackId: 'b', weight: 1 },
      { trackId: 'c', weight: 1 },
    ]);
    expect(sums.pairs.get('a')!.get('b')).toEqual({ weight: 7, sources: 2 });
    expect(sums.pairs.get('b')!.get('a')).toEqual({ weight: 7, sources: 2 });
    expect(sums.tracks.get('a')).toEqual({ norm2: 5, sources: 2 });
    expect(sums.size).toBe(6);
  });

  it('damps popular neighbours and shrinks thin support', () => {
    const ranked = scoreNeighbours(4, [
      { otherId: 'popular', weight: 4, sources: 4, otherNorm2: 400 },
      { otherId: 'niche', weight: 4, sources: 4, otherNorm2: 4 },
    ]);
    expect(ranked.map((n) => n.neighbourId)).toEqual(['niche', 'popular']);
    const [many, one] = scoreNeighbours(4, [
      { otherId: 'one', weight: 2, sources: 1, otherNorm2: 4 },
      { otherId: 'many', weight: 2, sources: 4, otherNorm2: 4 },
    ]);
    expect([many!.neighbourId, one!.neighbourId]).toEqual(['many', 'one']);
  });

  it("cuts a job's page at the pair budget, never below one source", () => {
    // A source's tracks count up to the cap: one of 5000 tracks adds 100·99 pairs.
    expect(cutPage([{ id: 'u1', tracks: 5000 }], 200)).toEqual({ ids: ['u1'], more: false });
    expect(cutPage([{ id: 'u1', tracks: 5000 }], 1)).toEqual({ ids: ['u1'], more: true });
    const small = Array.from({ length: 10 }, (_, i) => ({ id: `u${i}`, tracks: 5 }));
    expect(cutPage(small, 10)).toEqual({ ids: small.map((s) => s.id), more: true });
    expect(cutPage(small, 200)).toEqual({ ids: small.map((s) => s.id), more: false });
    const budget = Math.floor(PAIRS_PER_PAGE / (100 * 99));
    expect(
      cutPage(
        Array.from({ length: 50 }, (_, i) => ({ id: `h${i}`, tracks: 500 })),
        200,
      ).ids,
    ).toHaveLength(budget);
  });
});

import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { PairSums } from '#core/recommendations/similarity.ts';
import { seededRandom } from '#core/seeded-random.ts';
import { allShardDbs, shardDb, shardOfId } from '#core/shards.ts';
import { RECOMMENDATIONS_CRON } from '../src/jobs/schedule.ts';
import { noCost } from '../src/recommendations/d1-cost.ts';
import { addPageSums, dropStaging } from '../src/recommendations/pair-store.ts';
import { api, body, eventually, registerUser, type TestSession } from './helpers.ts';
import { awaitJob, runCron } from './jobs-helpers.ts';
import { seedTrack } from './listening-helpers.ts';
import { addTracks, createPlaylist } from './playlist-support.ts';

const MIN = 60_000;
const TRACKS_PER_TASTE = 8;

interface Neighbour {
  neighbour_id: string;
  rank: number;
  score: number;
}

/** A track's stored neighbours, read from its own catalog shard. */
async function neighboursOf(trackId: string): Promise<Neighbour[]> {
  const { results } = await shardDb(env, 'CATALOG', shardOfId(env, 'CATALOG', trackId))
    .prepare('SELECT neighbour_id, rank, score FROM track_neighbours WHERE track_id = ? ORDER BY rank')
    .bind(trackId)
    .all<Neighbour>();
  return results;
}

async function countedPlays(): Promise<number> {
  let n = 0;
  for (const db of allShardDbs(env, 'USERS'))
    n += (await db.prepare("SELECT count(*) AS n FROM listening_events WHERE outcome = 'counted'").first<{ n: number }>())!.n;
  return n;
}

/** Reports plays through POST /me/player/report, a minute and a half apart so none overlap. */
async function report(listener: TestSession, trackIds: string[], from: number): Promise<void> {
  const events = trackIds.map((track_id, i) => ({
    event_id: crypto.randomUUID(),
    track_id,
    started_at: from + i * 90_000,
    ms_played: 61_000,
    completed: true,
    device_id: 'web',
    session_id: 's',
    quality: 'high',
  }));
  const res = await api('/api/v1/me/player/report', { method: 'POST', token: listener.access_token, headers: { 'CF-IPCountry': 'SE' }, json: { events } });
  expect(res.status).toBe(202);
}

async function runJob(token: string): Promise<void> {
  const started = await api('/api/v1/admin/jobs/recommendations', { method: 'POST', token });
  expect(started.status).toBe(202);
  expect(await awaitJob((await body(started)).job_id, token, 1200)).toBe('done');
}

describe('recommendations job', () => {
  it("writes each track's neighbours from plays and playlists: mostly its own taste, across shards, replaced whole by the next run", async () => {
    // Two tastes, each spread over every catalog shard.
    const tastes = await Promise.all(
      ['rock', 'jazz'].map((taste) => Promise.all(Array.from({ length: TRACKS_PER_TASTE }, (_, i) => seedTrack(i % 4, { title: `${taste} ${i}` })))),
    );
    const [rock, jazz] = tastes as [string[], string[]];
    const random = seededRandom(16);
    const pick = (from: string[], n: number) => [...from].sort(() => random() - 0.5).slice(0, n);

    let plays = 0;
    const start = Date.now() - 6 * 60 * MIN;
    for (let l = 0; l < 12; l++) {
      const listener = await registerUser();
      const own = l % 2 === 0 ? rock : jazz;
      const other = l % 2 === 0 ? jazz : rock;
      // Six of their own taste, each played twice, and one stray play of the other.
      const listened = [...pick(own, 6), ...pick(own, 6), ...pick(other, 1)];
      await report(listener, listened, start + l * 30 * MIN);
      plays += listened.length;
    }
    // A newcomer to rock: three of its tracks, nothing else.
    const newcomer = await registerUser();
    await report(newcomer, rock.slice(0, 3), start - 60 * MIN);
    plays += 3;
    // Two tracks nobody played, which three playlists hold together.
    const [kept, together] = [await seedTrack(1, { title: 'kept' }), await seedTrack(2, { title: 'together' })];
    for (let p = 0; p < 3; p++) {
      const owner = await registerUser();
      await addTracks(owner.access_token, (await createPlaylist(owner.access_token, { name: `mix ${p}` })).id, { track_ids: [kept, together, rock[p]!] });
    }
    expect(await eventually(countedPlays, (n) => n === plays, 120)).toBe(plays);

    const { access_token: admin } = await registerUser('listener', 'admin@encore.local');
    await runJob(admin);

    let ownTaste = 0;
    let considered = 0;
    let elsewhere = 0;
    for (const [taste, other] of [
      [rock, jazz],
      [jazz, rock],
    ] as const) {
      for (const track of taste) {
        const neighbours = await neighboursOf(track);
        expect(neighbours.map((n) => n.rank)).toEqual(neighbours.map((_, i) => i));
        expect(neighbours.map((n) => n.neighbour_id)).not.toContain(track);
        for (let i = 1; i < neighbours.length; i++) expect(neighbours[i]!.score).toBeLessThanOrEqual(neighbours[i - 1]!.score);
        for (const n of neighbours.slice(0, 5)) {
          considered += 1;
          if (taste.includes(n.neighbour_id)) ownTaste += 1;
          else expect([...other, kept, together]).toContain(n.neighbour_id);
          if (shardOfId(env, 'CATALOG', n.neighbour_id) !== shardOfId(env, 'CATALOG', track)) elsewhere += 1;
        }
      }
    }
    expect(considered).toBe(2 * TRACKS_PER_TASTE * 5);
    expect(ownTaste / considered).toBeGreaterThanOrEqual(0.8);
    expect(elsewhere).toBeGreaterThan(considered / 2);
    expect((await neighboursOf(kept))[0]?.neighbour_id).toBe(together);

    // What the job wrote is what GET /me/recommendations ranks from: the newcomer is offered the rest of rock first.
    const offered = (await body(await api('/api/v1/me/recommendations?limit=5', { token: newcomer.access_token }))).tracks.map((t: { id: string }) => t.id);
    expect(offered).toHaveLength(5);
    expect(offered.filter((id: string) => rock.slice(3).includes(id)).length).toBeGreaterThanOrEqual(4);

    // A second run replaces each list whole: the same neighbours, never twice the rows; its staging is gone.
    const before = await Promise.all(rock.map(async (t) => (await neighboursOf(t)).map((n) => n.neighbour_id)));
    await runJob(admin);
    expect(await Promise.all(rock.map(async (t) => (await neighboursOf(t)).map((n) => n.neighbour_id)))).toEqual(before);
    for (const db of allShardDbs(env, 'CATALOG')) expect((await db.prepare('SELECT count(*) AS n FROM similarity_pairs').first<{ n: number }>())!.n).toBe(0);
  });

  it('adds a page once however often its step is retried', async () => {
    const [a, b] = [await seedTrack(0), await seedTrack(3)];
    const sums = new PairSums();
    sums.add([
      { trackId: a, weight: 2 },
      { trackId: b, weight: 1.5 },
    ]);
    const pairOf = (track: string, other: string) =>
      shardDb(env, 'CATALOG', shardOfId(env, 'CATALOG', track))
        .prepare("SELECT weight, sources FROM similarity_pairs WHERE run_id = 'retried' AND track_id = ? AND other_id = ?")
        .bind(track, other)
        .first();
    for (let attempt = 0; attempt < 3; attempt++) await addPageSums(env, 'retried', 'listeners:0:', sums, noCost());
    expect(await pairOf(a, b)).toEqual({ weight: 3, sources: 1 });
    expect(await pairOf(b, a)).toEqual({ weight: 3, sources: 1 });
    await addPageSums(env, 'retried', 'listeners:0:next', sums, noCost());
    expect(await pairOf(b, a)).toEqual({ weight: 6, sources: 2 });
    for (const db of allShardDbs(env, 'CATALOG')) await dropStaging(db, 'retried', noCost());
    expect(await pairOf(a, b)).toBeNull();
  });

  it('is a job admins start by name; the daily cron starts it too', async () => {
    const listener = await registerUser();
    expect((await api('/api/v1/admin/jobs/recommendations', { method: 'POST', token: listener.access_token })).status).toBe(403);
    await runCron(RECOMMENDATIONS_CRON);
  });
});

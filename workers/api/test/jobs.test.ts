import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { shardOfId } from '#core/shards.ts';
import { CLOSE_MONTH_CRON } from '../src/jobs/schedule.ts';
import { api, body, registerUser, type TestSession } from './helpers.ts';
import { awaitJob, runChartsCron, runCron } from './jobs-helpers.ts';
import { listen, play, seedTrack } from './listening-helpers.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

let adminSession: Promise<TestSession> | undefined;
/** The development admin account; one per test file, since its email is fixed. */
const admin = () => (adminSession ??= registerUser('listener', 'admin@encore.local'));

const chart = async (region: string) =>
  (await body(await api(`/api/v1/charts/trending?region=${region}`))).items.map((i: { track: { title: string }; streams: number }) => [
    i.track.title,
    i.streams,
  ]);

async function artist(): Promise<{ session: TestSession; artistId: string; shard: number }> {
  const session = await registerUser('artist');
  const me = await body(await api('/api/v1/me', { token: session.access_token }));
  return { session, artistId: me.artist_id, shard: shardOfId(env, 'CATALOG', me.artist_id) };
}

const statement = async (artistId: string, token: string, month: string) => body(await api(`/api/v1/artists/${artistId}/royalties?month=${month}`, { token }));

describe('charts job', () => {
  it('the hourly cron fills the chart tables; reads answer from them until the next run (cron or admin job)', async () => {
    const fan = await registerUser();
    const [first, second] = [await seedTrack(1, { title: 'First' }), await seedTrack(2, { title: 'Second' })];
    const recent = Date.now() - 30 * MIN;
    await listen(fan.user.id, [play(first, recent), play(first, recent + MIN), play(second, recent + 2 * MIN)], 'NO');

    expect(await chart('NO')).toEqual([]); // no job has run: nothing is counted per request
    await runChartsCron();
    expect(await chart('NO')).toEqual([
      ['First', 2],
      ['Second', 1],
    ]);

    // New streams do not show until a job runs again.
    await listen(fan.user.id, [play(second, recent + 3 * MIN), play(second, recent + 4 * MIN)], 'NO');
    expect(await chart('NO')).toEqual([
      ['First', 2],
      ['Second', 1],
    ]);

    const { access_token } = await admin();
    const started = await api('/api/v1/admin/jobs/charts', { method: 'POST', token: access_token });
    expect(started.status).toBe(202);
    const { job_id } = await body(started);
    expect(await awaitJob(job_id, access_token)).toBe('done');
    expect(await chart('NO')).toEqual([
      ['Second', 3],
      ['First', 2],
    ]);
  });

  it('edge-caches the chart for a minute', async () => {
    await runChartsCron();
    const res = await api('/api/v1/charts/trending?region=global');
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
  });
});

describe('royalties job', () => {
  it('closes a month: the statement keeps the numbers of the live one and never changes again', async () => {
    const a = await artist();
    const fan = await registerUser();
    const track = await seedTrack(a.shard, { artistId: a.artistId, title: 'Closed' });
    const other = await seedTrack((a.shard + 1) % 4, { title: 'Elsewhere' });
    const august = Date.UTC(2026, 7, 10, 12);
    await listen(fan.user.id, [play(track, august), play(track, august + HOUR), play(other, august + 2 * HOUR)]);

    const live = await statement(a.artistId, a.session.access_token, '2026-08');
    expect(live).toMatchObject({ total_streams: 3, artist_streams: 2, amount_minor_units: 666_667 });

    const { access_token } = await admin();
    const started = await api('/api/v1/admin/jobs/royalties?month=2026-08', { method: 'POST', token: access_token });
    expect(started.status).toBe(202);
    expect(await awaitJob((await body(started)).job_id, access_token)).toBe('done');
    expect(await statement(a.artistId, a.session.access_token, '2026-08')).toEqual(live);

    // A late report for the closed month changes nothing: the statement was stored when it closed.
    await listen(fan.user.id, [play(other, august + 3 * HOUR), play(other, august + 4 * HOUR)]);
    expect(await statement(a.artistId, a.session.access_token, '2026-08')).toEqual(live);
    // An artist with no stream that month reads the stored totals too.
    const quiet = await artist();
    expect(await statement(quiet.artistId, quiet.session.access_token, '2026-08')).toMatchObject({ total_streams: 3, amount_minor_units: 0, tracks: [] });
  });

  it('the monthly cron closes the month before it', async () => {
    const a = await artist();
    const fan = await registerUser();
    const track = await seedTrack(a.shard, { artistId: a.artistId, title: 'September' });
    await listen(fan.user.id, [play(track, Date.UTC(2026, 8, 3, 12))]);

    await runCron(CLOSE_MONTH_CRON, Date.UTC(2026, 9, 1, 0, 30));
    await listen(fan.user.id, [play(track, Date.UTC(2026, 8, 4, 12))]);
    expect(await statement(a.artistId, a.session.access_token, '2026-09')).toMatchObject({
      total_streams: 1,
      artist_streams: 1,
      amount_minor_units: 1_000_000,
    });
  });
});

describe('admin jobs', () => {
  it('are for admins only', async () => {
    const listener = await registerUser();
    const artistSession = await registerUser('artist');
    for (const token of [listener.access_token, artistSession.access_token]) {
      expect((await api('/api/v1/admin/jobs/charts', { method: 'POST', token })).status).toBe(403);
      expect((await api('/api/v1/admin/jobs/charts-x', { token })).status).toBe(403);
    }
    expect((await api('/api/v1/admin/jobs/charts', { method: 'POST' })).status).toBe(401);
  });

  it('refuse an unknown job, an unknown job id and a month that has not closed', async () => {
    const { access_token: token } = await admin();
    expect((await api('/api/v1/admin/jobs/coffee', { method: 'POST', token })).status).toBe(400);
    const missing = await api('/api/v1/admin/jobs/charts-nosuchjob', { token });
    expect(missing.status).toBe(404);
    expect((await body(missing)).error.code).toBe('job_not_found');
    const open = await api(`/api/v1/admin/jobs/royalties?month=${new Date().toISOString().slice(0, 7)}`, { method: 'POST', token });
    expect(open.status).toBe(409);
    expect((await body(open)).error.code).toBe('month_not_closed');
  });
});

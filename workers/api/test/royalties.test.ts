import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { shardOfId } from '#core/shards.ts';
import { api, body, registerUser, type TestSession } from './helpers.ts';
import { listen, play, seedTrack } from './listening-helpers.ts';

const OCTOBER = Date.UTC(2026, 9, 10, 12);
const HOUR = 3_600_000;
const MINUTE = 60_000;

async function artist(): Promise<{ session: TestSession; artistId: string; shard: number }> {
  const session = await registerUser('artist');
  const me = await body(await api('/api/v1/me', { token: session.access_token }));
  return { session, artistId: me.artist_id, shard: shardOfId(env, 'CATALOG', me.artist_id) };
}

let adminSession: Promise<TestSession> | undefined;
/** The development admin account; one per test file, since its email is fixed. */
const admin = () => (adminSession ??= registerUser('listener', 'admin@encore.local'));

const statement = (artistId: string, token: string, month = '2026-10') => api(`/api/v1/artists/${artistId}/royalties?month=${month}`, { token });

describe('GET /artists/{id}/royalties', () => {
  it('splits the pool pro rata by counted streams and the numbers add up exactly', async () => {
    const [a, b] = [await artist(), await artist()];
    const fan = await registerUser();
    const big = await seedTrack(a.shard, { artistId: a.artistId, title: 'Big' });
    const small = await seedTrack(a.shard, { artistId: a.artistId, title: 'Small' });
    const other = await seedTrack(b.shard, { artistId: b.artistId, title: 'Other' });
    // 7 + 1 streams for artist A, 3 for B in October (one after another: overlapping plays count once); plus plays that must not count.
    await listen(fan.user.id, [
      ...Array.from({ length: 7 }, (_, i) => play(big, OCTOBER + i * HOUR)),
      play(small, OCTOBER + 2 * MINUTE),
      ...Array.from({ length: 3 }, (_, i) => play(other, OCTOBER + i * HOUR + 4 * MINUTE)),
      play(big, OCTOBER + 20 * HOUR, 29_000),
      play(big, Date.UTC(2026, 8, 30, 23, 59)),
      play(other, Date.UTC(2026, 10, 1, 0, 0)),
    ]);

    const res = await statement(a.artistId, a.session.access_token);
    expect(res.status).toBe(200);
    const mine = await body(res);
    // Pool 1,000,000 over 11 streams: 636363.63…, 272727.27…, 90909.09…; the one leftover unit goes to the largest remainder.
    expect(mine).toMatchObject({
      artist: { id: a.artistId },
      month: '2026-10',
      currency: 'EUR',
      pool_minor_units: 1_000_000,
      total_streams: 11,
      artist_streams: 8,
      amount_minor_units: 636_364 + 90_909,
      tracks: [
        { track_id: big, title: 'Big', streams: 7, amount_minor_units: 636_364 },
        { track_id: small, title: 'Small', streams: 1, amount_minor_units: 90_909 },
      ],
    });
    expect(mine.rounding).toMatch(/largest_remainder/);

    const theirs = await body(await statement(b.artistId, (await admin()).access_token));
    expect(theirs.tracks).toEqual([{ track_id: other, title: 'Other', streams: 3, amount_minor_units: 272_727 }]);
    expect(mine.amount_minor_units + theirs.amount_minor_units).toBe(mine.pool_minor_units);
  });

  it('shows a month without streams as nothing distributed', async () => {
    const a = await artist();
    const empty = await body(await statement(a.artistId, a.session.access_token, '2020-01'));
    expect(empty).toMatchObject({ total_streams: 0, distributed_minor_units: 0, amount_minor_units: 0, tracks: [] });
  });

  it('is only for that artist or an admin', async () => {
    const [a, b] = [await artist(), await artist()];
    const listener = await registerUser();
    expect((await statement(a.artistId, b.session.access_token)).status).toBe(403);
    expect((await statement(a.artistId, listener.access_token)).status).toBe(403);
    expect((await api(`/api/v1/artists/${a.artistId}/royalties?month=2026-10`)).status).toBe(401);
    expect((await statement(a.artistId, (await admin()).access_token)).status).toBe(200);
    expect((await statement('art0_nosuchartist000', (await admin()).access_token)).status).toBe(404);
  });

  it('refuses a month that is not YYYY-MM', async () => {
    const a = await artist();
    for (const month of ['2026-13', '2026-1', 'October']) {
      const res = await statement(a.artistId, a.session.access_token, month);
      expect(res.status, month).toBe(400);
    }
  });
});

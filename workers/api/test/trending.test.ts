import { describe, expect, it } from 'vitest';
import { api, body, registerUser } from './helpers.ts';
import { runChartsCron } from './jobs-helpers.ts';
import { listen, play, seedTrack } from './listening-helpers.ts';

const MIN = 60_000;

describe('GET /charts/trending', () => {
  it('ranks the last 24 h of counted streams by region, defaulting to the request country', async () => {
    const [a, b] = [await registerUser(), await registerUser()];
    const [hit, local, old] = [await seedTrack(0, { title: 'Hit' }), await seedTrack(2, { title: 'Local' }), await seedTrack(3, { title: 'Old' })];
    const recent = Date.now() - 30 * MIN;
    await listen(a.user.id, [play(hit, recent), play(hit, recent + MIN), play(local, recent + 2 * MIN), play(hit, recent + 3 * MIN, 10_000)], 'SE');
    await listen(b.user.id, [play(local, recent), play(local, recent + MIN), play(hit, recent + 2 * MIN)], 'FI');
    // Two days ago: outside the window however many streams it has.
    await listen(b.user.id, [play(old, Date.now() - 48 * 60 * MIN), play(old, Date.now() - 47 * 60 * MIN)], 'SE');
    // Charts are read as the hourly job last computed them.
    await runChartsCron();

    const se = await body(await api('/api/v1/charts/trending?region=se'));
    expect(se.region).toBe('SE');
    expect(se.items.map((i: any) => [i.rank, i.track.title, i.streams])).toEqual([
      [1, 'Hit', 2],
      [2, 'Local', 1],
    ]);

    const fromCountry = await body(await api('/api/v1/charts/trending', { headers: { 'CF-IPCountry': 'FI' } }));
    expect(fromCountry.region).toBe('FI');
    expect(fromCountry.items.map((i: any) => [i.track.title, i.streams])).toEqual([
      ['Local', 2],
      ['Hit', 1],
    ]);

    const global = await body(await api('/api/v1/charts/trending?region=global&limit=1'));
    expect(global.items.map((i: any) => [i.track.title, i.streams])).toEqual([['Hit', 3]]);
    expect(global.limit).toBe(1);

    const nowhere = await body(await api('/api/v1/charts/trending?region=JP'));
    expect(nowhere.items).toEqual([]);
  });

  it('refuses a region that is not a country code', async () => {
    const res = await api('/api/v1/charts/trending?region=Sweden');
    expect(res.status).toBe(400);
    expect((await body(res)).error.message).toMatch(/region/);
  });
});

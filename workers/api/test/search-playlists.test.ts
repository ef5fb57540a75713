import { beforeAll, describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { shardOfId } from '#core/shards.ts';
import { api, body, registerUser, type TestSession } from './helpers.ts';
import { createPlaylist } from './playlist-support.ts';

// Users on each user shard (USERS_0 and USERS_1), so playlists land on both.
const owners: TestSession[] = [];
let reader: TestSession;

const search = (params: Record<string, string>) => api(`/api/v1/search?${new URLSearchParams(params)}`, { token: reader.access_token });
const found = async (q: string, type = 'playlist'): Promise<{ id: string; name: string }[]> => {
  const res = await search({ q, type });
  expect(res.status).toBe(200);
  return (await body(res)).playlists.items;
};
const ids = (items: { id: string }[]) => items.map((p) => p.id);
const update = async (owner: TestSession, id: string, json: Record<string, unknown>) => {
  const res = await api(`/api/v1/playlists/${id}`, { method: 'PUT', token: owner.access_token, json });
  expect(res.status).toBe(200);
};

describe('search: public playlists', () => {
  beforeAll(async () => {
    reader = await registerUser();
    for (let i = 0; i < 40 && (!owners[0] || !owners[1]); i++) {
      const user = await registerUser();
      owners[shardOfId(env, 'USERS', user.user.id)] ??= user;
    }
    expect(owners.length).toBe(2);
  });

  it('finds a public playlist by a word of its name, by a prefix and by its description, as a simplified playlist', async () => {
    const owner = owners[1]!;
    const { id } = await createPlaylist(owner.access_token, { name: 'Marmalade Mornings', description: 'breakfast with Ḱalimba' });
    const byWord = await found('marmalade');
    expect(byWord).toEqual([
      {
        id,
        uri: `encore:playlist:${id}`,
        name: 'Marmalade Mornings',
        description: 'breakfast with Ḱalimba',
        public: true,
        collaborative: false,
        images: [],
        owner: { id: owner.user.id, display_name: owner.user.display_name },
        snapshot_id: expect.any(String),
        algorithmic: false,
        items: { total: 0 },
        followers: { total: 1 },
      },
    ]);
    expect(ids(await found('marma'))).toEqual([id]);
    expect(ids(await found('MORNINGS marm'))).toEqual([id]);
    expect(ids(await found('kalimba'))).toEqual([id]);
    expect(await found('marmalades')).toEqual([]);
    expect(await found('m')).toEqual([]);
  });

  it('never finds a private playlist; making one private or public moves it out of or into results at once', async () => {
    const owner = owners[0]!;
    const hidden = await createPlaylist(owner.access_token, { name: 'Quokka Secrets', public: false });
    const shown = await createPlaylist(owner.access_token, { name: 'Quokka Parade' });
    expect(ids(await found('quokka'))).toEqual([shown.id]);
    // The default search (every type) too, whose catalog part the edge cache serves on repeats.
    expect(ids(await found('quokka', 'track,artist,album,playlist'))).toEqual([shown.id]);

    await update(owner, shown.id, { public: false });
    expect(await found('quokka')).toEqual([]);
    expect(await found('quokka', 'track,artist,album,playlist')).toEqual([]);

    await update(owner, hidden.id, { public: true });
    expect(ids(await found('quokka', 'track,artist,album,playlist'))).toEqual([hidden.id]);
  });

  it('follows renames and description changes, and leaves a deleted playlist out', async () => {
    const owner = owners[1]!;
    const { id } = await createPlaylist(owner.access_token, { name: 'Xylophone Dreams', description: 'tinkly' });
    await update(owner, id, { name: 'Glockenspiel Dreams' });
    expect(await found('xylophone')).toEqual([]);
    expect((await found('glocken')).map((p) => [p.id, p.name])).toEqual([[id, 'Glockenspiel Dreams']]);
    await update(owner, id, { description: null });
    expect(await found('tinkly')).toEqual([]);

    const res = await api(`/api/v1/playlists/${id}`, { method: 'DELETE', token: owner.access_token });
    expect(res.status).toBeLessThan(300);
    expect(await found('glockenspiel')).toEqual([]);
  });

  it('treats FTS syntax in q as plain words', async () => {
    const owner = owners[0]!;
    const { id } = await createPlaylist(owner.access_token, { name: 'Walrus Lullabies', description: 'secretword' });
    for (const q of ['walrus"', '-walrus', 'walrus*', '(walrus', '^walrus', 'walrus AND', '"walrus" OR "x"*', 'name:walrus', '{name}: walrus']) {
      const res = await search({ q, type: 'playlist' });
      expect([q, res.status]).toEqual([q, 200]);
      const items = (await body(res)).playlists.items;
      // Every token must match: the operators are words here, which no playlist holds (except "name" below).
      expect([q, ids(items)]).toEqual([q, ['walrus"', '-walrus', 'walrus*', '(walrus', '^walrus'].includes(q) ? [id] : []]);
    }
    // A column filter would find the description word in `description:`; as words, "description" must match too.
    expect(await found('description:secretword')).toEqual([]);
    for (const q of ['*', '"', 'NEAR(', '""""']) expect((await search({ q, type: 'playlist' })).status).toBe(200);
  });

  it('ranks name matches over description matches, then more followers first', async () => {
    // One owner, so one shard: bm25's statistics are per shard, and identical text only ties within one.
    const a = owners[0]!;
    const inDescription = await createPlaylist(a.access_token, { name: 'Evening', description: 'ocelot' });
    const quiet = await createPlaylist(a.access_token, { name: 'Ocelot' });
    const followed = await createPlaylist(a.access_token, { name: 'Ocelot' });
    expect((await api(`/api/v1/playlists/${followed.id}/followers`, { method: 'PUT', token: reader.access_token })).status).toBeLessThan(300);
    expect(ids(await found('ocelot'))).toEqual([followed.id, quiet.id, inDescription.id]);
  });

  it('pages through matches from both user shards', async () => {
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push((await createPlaylist(owners[i % 2]!.access_token, { name: `Pangolin ${i}` })).id);
    expect(new Set(created.map((id) => shardOfId(env, 'USERS', id)))).toEqual(new Set([0, 1]));
    const seen: string[] = [];
    let res = await search({ q: 'pangolin', type: 'playlist', limit: '3' });
    for (let pages = 0; ; pages++) {
      const { playlists } = await body(res);
      expect(playlists).toMatchObject({ total: 7, limit: 3, offset: pages * 3 });
      seen.push(...ids(playlists.items));
      if (!playlists.next) break;
      res = await api(new URL(playlists.next).pathname + new URL(playlists.next).search, { token: reader.access_token });
    }
    expect(seen.length).toBe(7);
    expect(new Set(seen)).toEqual(new Set(created));
    const last = (await body(await search({ q: 'pangolin', type: 'playlist', limit: '3', offset: '6' }))).playlists;
    expect(last).toMatchObject({ total: 7, next: null, previous: expect.stringContaining('offset=3') });
    expect(last.items).toHaveLength(1);
  });
});

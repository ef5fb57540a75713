import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { virtualShardOf } from '#core/ids.ts';
// hash % 4 is where artists went before virtual shards; the default map keeps them there.
import { hashToShard, shardDb, shardOfId } from '#core/shards.ts';
import { adminSession, album, artist, importCatalog, track } from './catalog-fixtures.ts';
import { api, body, registerUser } from './helpers.ts';

const count = async (shard: number, sql: string, ...args: unknown[]) =>
  (await shardDb(env, 'CATALOG', shard)
    .prepare(sql)
    .bind(...args)
    .first<{ n: number }>())!.n;

describe('catalog import', () => {
  beforeAll(async () => {
    await adminSession();
  });

  it('lands good lines and reports each bad one with its line number and reason', async () => {
    const { res, json } = await importCatalog([
      artist('imp-a1', 'Good Artist'), // 1
      '{"type":"artist","id":"x",', // 2: bad JSON
      { type: 'artist', id: 'imp-a2' }, // 3: no name
      album('imp-al1', 'imp-a1', 'Good Album'), // 4
      track('imp-t1', 'imp-al1', ['imp-a1'], 'Good Track', 70), // 5
      track('imp-t2', 'imp-al1', ['imp-a1'], 'Too Popular', 101), // 6: popularity out of range
      track('imp-t3', 'imp-al-missing', ['imp-a1'], 'Orphan', 10), // 7: unknown album
      track('imp-t4', 'imp-al1', ['imp-a1', 'imp-nobody'], 'Bad Credit', 10), // 8: unknown artist
      album('imp-al2', 'imp-a9', 'Before Its Artist'), // 9: artist only defined later
      artist('imp-a9', 'Late Artist'), // 10
      '', // 11: blank lines are skipped, not rejected
      { type: 'playlist', id: 'p' }, // 12: unknown type
      track('imp-t5', null, ['imp-a9'], 'Single Without Album', 20, { duration_ms: -5 }), // 13: negative duration
    ]);
    expect(res.status).toBe(200);
    expect(json.imported).toBe(4);
    const byLine = Object.fromEntries(json.rejected.map((r: { line: number; error: string }) => [r.line, r.error]));
    expect(Object.keys(byLine).map(Number)).toEqual([2, 3, 6, 7, 8, 9, 12, 13]);
    expect(byLine[2]).toMatch(/JSON/);
    expect(byLine[3]).toMatch(/^name:/);
    expect(byLine[6]).toMatch(/^popularity:/);
    expect(byLine[7]).toMatch(/^album_id: unknown album "imp-al-missing"/);
    expect(byLine[8]).toMatch(/^artist_ids\.1: unknown artist "imp-nobody"/);
    expect(byLine[9]).toMatch(/^artist_id: unknown artist "imp-a9"/);
    expect(byLine[12]).toMatch(/^type:/);
    expect(byLine[13]).toMatch(/^duration_ms:/);
  });

  it('resolves references to records imported by an earlier request', async () => {
    await importCatalog([artist('ref-a', 'Earlier Artist'), album('ref-al', 'ref-a', 'Earlier Album')]);
    const { json } = await importCatalog([track('ref-t', 'ref-al', ['ref-a'], 'Later Track')]);
    expect(json).toEqual({ imported: 1, rejected: [] });
  });

  it('is idempotent: re-importing updates rows in place instead of duplicating them', async () => {
    const lines = [artist('idem-a', 'Idem'), album('idem-al', 'idem-a', 'Idem Album'), track('idem-t1', 'idem-al', ['idem-a'], 'First Title', 10)];
    await importCatalog(lines);
    const shard = hashToShard('idem-a', 4);
    const before = await count(shard, 'SELECT count(*) AS n FROM tracks WHERE external_id = ?', 'idem-t1');
    const { json } = await importCatalog([...lines.slice(0, 2), track('idem-t1', 'idem-al', ['idem-a'], 'Renamed Title', 90)]);
    expect(json).toEqual({ imported: 3, rejected: [] });
    expect(before).toBe(1);
    expect(await count(shard, 'SELECT count(*) AS n FROM tracks WHERE external_id = ?', 'idem-t1')).toBe(1);
    expect(await count(shard, 'SELECT count(*) AS n FROM artists WHERE external_id = ?', 'idem-a')).toBe(1);
    expect(await count(shard, 'SELECT count(*) AS n FROM albums WHERE external_id = ?', 'idem-al')).toBe(1);
    const row = await shardDb(env, 'CATALOG', shard).prepare('SELECT title, popularity FROM tracks WHERE external_id = ?').bind('idem-t1').first();
    expect(row).toEqual({ title: 'Renamed Title', popularity: 90 });
    // The search index follows the update: the new title is found, the old one is not.
    const fts = await shardDb(env, 'CATALOG', shard).prepare(`SELECT count(*) AS n FROM tracks_fts WHERE tracks_fts MATCH 'renamed'`).first<{ n: number }>();
    const stale = await shardDb(env, 'CATALOG', shard).prepare(`SELECT count(*) AS n FROM tracks_fts WHERE tracks_fts MATCH 'first'`).first<{ n: number }>();
    expect([fts!.n, stale!.n]).toEqual([1, 0]);
  });

  it("keeps an artist's albums and tracks on the artist's shard, found again through their ids", async () => {
    const ext = 'route-artist';
    const shard = hashToShard(ext, 4);
    await importCatalog([
      artist(ext, 'Routed Artist'),
      album('route-al', ext, 'Routed Album'),
      ...Array.from({ length: 5 }, (_, i) => track(`route-t${i}`, 'route-al', [ext], `Routed Song ${i}`, i, { track_number: i + 1 })),
    ]);
    expect(await count(shard, 'SELECT count(*) AS n FROM tracks WHERE album_id IN (SELECT id FROM albums WHERE external_id = ?)', 'route-al')).toBe(5);
    for (let other = 0; other < 4; other++) {
      if (other === shard) continue;
      expect(await count(other, `SELECT count(*) AS n FROM tracks WHERE external_id LIKE 'route-t%'`)).toBe(0);
    }
    const artistId = (await shardDb(env, 'CATALOG', shard).prepare('SELECT id FROM artists WHERE external_id = ?').bind(ext).first<{ id: string }>())!.id;
    expect(shardOfId(env, 'CATALOG', artistId)).toBe(shard);
    const listener = await registerUser('listener');
    const albums = await body(await api(`/api/v1/artists/${artistId}/albums`, { token: listener.access_token }));
    expect(virtualShardOf(albums.items[0].id)).toBe(virtualShardOf(artistId));
    const tracks = await body(await api(`/api/v1/albums/${albums.items[0].id}/tracks`, { token: listener.access_token }));
    expect(tracks.items.map((t: { id: string }) => virtualShardOf(t.id))).toEqual(Array(5).fill(virtualShardOf(artistId)));
  });

  it('keeps a guest-led track with its album, crediting every artist in order', async () => {
    const { json } = await importCatalog([
      artist('comp-owner', 'Album Owner'),
      artist('comp-guest', 'Guest Lead'),
      album('comp-al', 'comp-owner', 'Compilation'),
      track('comp-t', 'comp-al', ['comp-guest', 'comp-owner'], 'Guest Led Song'),
    ]);
    expect(json).toEqual({ imported: 4, rejected: [] });
    const shard = hashToShard('comp-owner', 4);
    const row = await shardDb(env, 'CATALOG', shard)
      .prepare(
        `SELECT t.id, (SELECT group_concat(artist_name, '|') FROM track_artists WHERE track_id = t.id) AS credits FROM tracks t WHERE external_id = 'comp-t'`,
      )
      .first<{ id: string; credits: string }>();
    expect(shardOfId(env, 'CATALOG', row!.id)).toBe(shard);
    expect(row?.credits).toBe('Guest Lead|Album Owner');
  });

  it('reports the lines of a batch the database refused, and writes none of them', async () => {
    const shard = hashToShard('clash-a', 4);
    // Another writer already holds this label track id under a different internal id.
    const db = shardDb(env, 'CATALOG', shard);
    await db.batch([
      db.prepare(`INSERT INTO artists (id, name) VALUES (?, 'Other')`).bind(`art${shard}_other`),
      db
        .prepare(`INSERT INTO tracks (id, artist_id, title, status, external_id) VALUES (?, ?, 'Other', 'ready', 'clash-t')`)
        .bind(`trk${shard}_other`, `art${shard}_other`),
    ]);
    const { json } = await importCatalog([artist('clash-a', 'Clash'), track('clash-t', null, ['clash-a'], 'Clashing')]);
    expect(json.imported).toBe(0);
    expect(json.rejected.map((r: { line: number }) => r.line)).toEqual([1, 2]);
    expect(json.rejected[0].error).toMatch(/^could not be stored: .*UNIQUE/);
    expect(await count(shard, `SELECT count(*) AS n FROM artists WHERE external_id = 'clash-a'`)).toBe(0);
  });

  it('streams a 100,000-line file in one request', async () => {
    const total = 100_000;
    const encoder = new TextEncoder();
    let i = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i >= total) return controller.close();
        const lines: string[] = [];
        for (let k = 0; k < 1000 && i < total; k++, i++) {
          if (i < 100) lines.push(JSON.stringify(artist(`bulk-a${i}`, `Bulk Artist ${i}`)));
          else lines.push(JSON.stringify(track(`bulk-t${i}`, null, [`bulk-a${i % 100}`], `Bulk Song ${i}`, i % 101)));
        }
        controller.enqueue(encoder.encode(`${lines.join('\n')}\n`));
      },
    });
    const res = await api('/api/v1/catalog/import', {
      method: 'POST',
      token: await adminSession(),
      body: stream,
      headers: { 'Content-Type': 'application/x-ndjson' },
    });
    expect(res.status).toBe(200);
    expect(await body(res)).toEqual({ imported: total, rejected: [] });
    let stored = 0;
    for (let s = 0; s < 4; s++) stored += await count(s, `SELECT count(*) AS n FROM tracks WHERE external_id LIKE 'bulk-t%'`);
    expect(stored).toBe(total - 100);
  }, 120_000);

  it('is for admins only, and returns a session bookmark per shard', async () => {
    const listener = await registerUser('listener');
    const { res } = await importCatalog([artist('nope', 'Nope')], listener.access_token);
    expect(res.status).toBe(403);
    const ok = await importCatalog([artist('bm-a', 'Bookmarked')]);
    expect(ok.res.status).toBe(200);
    // One bookmark per shard written to (the artist's), for the client to send back with its next reads.
    expect(ok.res.headers.get('x-d1-bookmark')).toMatch(new RegExp(`^${hashToShard('bm-a', 4)}:[0-9a-f-]+$`));
  });
});

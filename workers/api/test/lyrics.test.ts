import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { allShardDbs, shardOfId } from '#core/shards.ts';
import { adminSession, artist, importCatalog, track } from './catalog-fixtures.ts';
import { api, body, registerUser } from './helpers.ts';

const putLyrics = (trackId: string, token: string, lrc: BodyInit, headers: Record<string, string> = {}) =>
  api(`/api/v1/tracks/${trackId}/lyrics`, { method: 'PUT', token, body: lrc, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers } });
const getLyrics = (trackId: string) => api(`/api/v1/tracks/${trackId}/lyrics`);

const LRC = '[ar:Lyric Tester]\n[ti:Opener]\n[00:01.00]First line\n[00:04.50][00:12.00]Chorus line\n[00:08.25]Second verse\n';

interface Owner {
  token: string;
  trackId: string;
}

/** An artist account with one track of its own (made by opening an upload). */
async function artistWithTrack(title: string): Promise<Owner> {
  const token = (await registerUser('artist')).access_token;
  const upload = await body(await api('/api/v1/uploads', { method: 'POST', token, json: { title, size_bytes: 1000, content_type: 'audio/flac' } }));
  return { token, trackId: upload.track_id };
}

let owner: Owner;

describe('lyrics', () => {
  beforeAll(async () => {
    owner = await artistWithTrack('Lyric Opener');
  });

  it('the track artist uploads LRC; GET answers the synced lines in time order', async () => {
    const res = await putLyrics(owner.trackId, owner.token, LRC);
    expect(res.status).toBe(200);
    expect(await body(res)).toEqual({ lines: 4, synced: true });
    const got = await getLyrics(owner.trackId);
    expect(got.status).toBe(200);
    expect(await body(got)).toEqual({
      synced: true,
      lines: [
        { start_ms: 1000, text: 'First line' },
        { start_ms: 4500, text: 'Chorus line' },
        { start_ms: 8250, text: 'Second verse' },
        { start_ms: 12000, text: 'Chorus line' },
      ],
    });
  });

  it('plain text is stored as unsynced lyrics, replacing the synced ones', async () => {
    const mine = await artistWithTrack('Plain One');
    await putLyrics(mine.trackId, mine.token, LRC);
    expect(await body(await putLyrics(mine.trackId, mine.token, 'no stamps\nat all\r\n'))).toEqual({ lines: 2, synced: false });
    expect(await body(await getLyrics(mine.trackId))).toEqual({
      synced: false,
      lines: [
        { start_ms: null, text: 'no stamps' },
        { start_ms: null, text: 'at all' },
      ],
    });
  });

  it('a malformed line is a 422 naming its number, and the old lyrics stay', async () => {
    const res = await putLyrics(owner.trackId, owner.token, '[00:01.00]ok\n[00:02.00]ok too\n[0x:03]broken\n');
    expect(res.status).toBe(422);
    const err = (await body(res)).error;
    expect(err).toMatchObject({ status: 422, code: 'invalid_lyrics' });
    expect(err.message).toMatch(/^Line 3:/);
    expect((await body(await getLyrics(owner.trackId))).lines).toHaveLength(4);
  });

  it('refuses other callers: 401 without a token, 403 for another artist or a listener; admins may', async () => {
    expect((await api(`/api/v1/tracks/${owner.trackId}/lyrics`, { method: 'PUT', body: LRC, headers: { 'Content-Type': 'text/plain' } })).status).toBe(401);
    const stranger = await artistWithTrack('Someone Else');
    const forbidden = await putLyrics(owner.trackId, stranger.token, LRC);
    expect(forbidden.status).toBe(403);
    expect((await body(forbidden)).error.code).toBe('not_your_track');
    const listener = (await registerUser('listener')).access_token;
    expect((await putLyrics(owner.trackId, listener, LRC)).status).toBe(403);
    expect((await api(`/api/v1/tracks/${owner.trackId}/lyrics`, { method: 'DELETE', token: stranger.token })).status).toBe(403);
    expect((await putLyrics(stranger.trackId, await adminSession(), '[00:00.50]by the admin')).status).toBe(200);
  });

  it('unknown or forged track ids are 404s; a track without lyrics is 404 lyrics_not_found', async () => {
    const missing = await putLyrics('trk_v0001_doesnotexist', owner.token, LRC);
    expect(missing.status).toBe(404);
    expect((await body(missing)).error.code).toBe('track_not_found');
    expect((await putLyrics('../../etc', owner.token, LRC)).status).toBe(404);
    expect((await getLyrics('art_v0001_notatrack')).status).toBe(404);
    const bare = await artistWithTrack('No Words');
    const none = await getLyrics(bare.trackId);
    expect(none.status).toBe(404);
    expect((await body(none)).error.code).toBe('lyrics_not_found');
  });

  it('bad bodies: 415 for a non-text type, 413 past 64 kB (declared or streamed), 422 for empty or non-UTF-8', async () => {
    expect((await putLyrics(owner.trackId, owner.token, LRC, { 'Content-Type': 'application/json' })).status).toBe(415);
    const big = `[00:01.00]${'x'.repeat(400)}\n`.repeat(200);
    const tooLarge = await putLyrics(owner.trackId, owner.token, big);
    expect(tooLarge.status).toBe(413);
    expect((await body(tooLarge)).error.code).toBe('lyrics_too_large');
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode(`[00:01.00]${'y'.repeat(4000)}\n`));
        controller.close();
      },
    });
    expect((await putLyrics(owner.trackId, owner.token, chunks)).status).toBe(413);
    expect((await putLyrics(owner.trackId, owner.token, '   \n')).status).toBe(422);
    expect((await putLyrics(owner.trackId, owner.token, new Uint8Array([0x5b, 0xff, 0xfe, 0x5d]))).status).toBe(422);
  });

  it('DELETE removes them (404 once gone)', async () => {
    const mine = await artistWithTrack('Deleted Words');
    await putLyrics(mine.trackId, mine.token, LRC);
    expect((await api(`/api/v1/tracks/${mine.trackId}/lyrics`, { method: 'DELETE', token: mine.token })).status).toBe(204);
    expect((await getLyrics(mine.trackId)).status).toBe(404);
    expect((await api(`/api/v1/tracks/${mine.trackId}/lyrics`, { method: 'DELETE', token: mine.token })).status).toBe(404);
  });

  describe('bulk import', () => {
    it('lyrics lines land on the track shard, after their track, in the same file or a later one', async () => {
      const { json } = await importCatalog([
        artist('lyr-a', 'Import Singer'), // 1
        track('lyr-t1', null, ['lyr-a'], 'Imported With Words'), // 2
        { type: 'lyrics', track_id: 'lyr-t1', lrc: '[00:02.00]imported first\n[00:05.00]imported second' }, // 3
        { type: 'lyrics', track_id: 'lyr-unknown', lrc: '[00:01.00]nobody' }, // 4: unknown track
        { type: 'lyrics', track_id: 'lyr-t1', lrc: '[00:01.00]fine\n[bad]stray\n' }, // 5: line 2 of the lyrics malformed
        { type: 'lyrics', track_id: 'lyr-t2', lrc: '[00:01.00]too early' }, // 6: its track comes later
        track('lyr-t2', null, ['lyr-a'], 'Second Imported'), // 7
      ]);
      expect(json.imported).toBe(4);
      const byLine = Object.fromEntries(json.rejected.map((r: { line: number; error: string }) => [r.line, r.error]));
      expect(Object.keys(byLine).map(Number)).toEqual([4, 5, 6]);
      expect(byLine[4]).toMatch(/track_id: unknown track/);
      expect(byLine[5]).toMatch(/line 2 of the lyrics/);

      const found = await body(await api('/api/v1/search?q=Imported%20With%20Words&type=track', { token: owner.token }));
      const t1 = found.tracks.items.find((t: { title: string }) => t.title === 'Imported With Words');
      expect(await body(await getLyrics(t1.id))).toEqual({
        synced: true,
        lines: [
          { start_ms: 2000, text: 'imported first' },
          { start_ms: 5000, text: 'imported second' },
        ],
      });

      // A later file names the track by its label id; re-importing the same line changes nothing.
      const again = [{ type: 'lyrics', track_id: 'lyr-t2', lrc: '[00:03.00]second file' }];
      expect((await importCatalog(again)).json).toEqual({ imported: 1, rejected: [] });
      expect((await importCatalog(again)).json).toEqual({ imported: 1, rejected: [] });
      const t2 = (await body(await api('/api/v1/search?q=Second%20Imported&type=track', { token: owner.token }))).tracks.items[0];
      expect((await body(await getLyrics(t2.id))).lines).toEqual([{ start_ms: 3000, text: 'second file' }]);
      // Stored once, on the track's own shard.
      const counts = await Promise.all(
        allShardDbs(env, 'CATALOG').map(
          async (db) => (await db.prepare('SELECT count(*) AS n FROM track_lyrics WHERE track_id = ?').bind(t2.id).first<{ n: number }>())!.n,
        ),
      );
      expect(counts.map((n, shard) => (n > 0 ? shard : -1)).filter((s) => s >= 0)).toEqual([shardOfId(env, 'CATALOG', t2.id)]);
    });
  });
});

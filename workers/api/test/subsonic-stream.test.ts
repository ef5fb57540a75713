import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASE } from './helpers.ts';
import { fixture, fromBase64, readyTrackWithLadder } from './ladder-track.ts';
import { subsonicListener, workerFetch } from './subsonic-support.ts';

let hash: string;

/** The rendition's files in playlist order, as bytes: what a progressive stream from segment `from` must be. */
function expectedBytes(rendition: string, from = 0): Uint8Array {
  const playlist = new TextDecoder().decode(fromBase64(fixture.files[`${rendition}/index.m3u8`]!));
  const segments = playlist.split('\n').filter((l) => l.endsWith('.m4s'));
  const parts = [`${rendition}/init.mp4`, ...segments.slice(from).map((s) => `${rendition}/${s}`)].map((f) => fromBase64(fixture.files[f]!));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

let trackId: string;
let listener: Awaited<ReturnType<typeof subsonicListener>>;
const auth = () => `u=${encodeURIComponent(listener.credentials.username)}&p=${listener.credentials.password}&v=1.16.1&c=test`;
const stream = (query: string, headers: Record<string, string> = {}) => workerFetch()(`${BASE}/rest/stream.view?${auth()}&${query}`, { headers });
const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer());

describe('Subsonic stream: the AAC ladder as one progressive fMP4', () => {
  beforeAll(async () => {
    ({ trackId, hash } = await readyTrackWithLadder(2, 'Streamer'));
    listener = await subsonicListener();
  });

  it('serves the init section and every segment of the 128 kb/s rendition (a free listener) with Content-Length, through the client library', async () => {
    const res = await listener.client.stream({ id: trackId });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type'), res.headers.get('Content-Type')?.includes('json') ? await res.clone().text() : '').toBe('audio/mp4');
    expect(res.headers.get('Accept-Ranges')).toBe('bytes');
    const expected = expectedBytes('128k');
    expect(res.headers.get('Content-Length')).toBe(String(expected.length));
    expect(await bytes(res)).toEqual(expected);
  });

  it('answers HEAD with the length and no body', async () => {
    const res = await workerFetch()(`${BASE}/rest/stream.view?${auth()}&id=${trackId}`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Length')).toBe(String(expectedBytes('128k').length));
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  it('chooses the rendition by maxBitRate, never above the tier', async () => {
    expect(await bytes(await listener.client.stream({ id: trackId, maxBitRate: 64 }))).toEqual(expectedBytes('64k'));
    expect(await bytes(await listener.client.stream({ id: trackId, maxBitRate: 320 }))).toEqual(expectedBytes('128k'));
    const premium = await subsonicListener();
    await env.USERS_0.prepare("UPDATE users SET product = 'premium' WHERE id = ?").bind(premium.session.user.id).run();
    await env.USERS_1.prepare("UPDATE users SET product = 'premium' WHERE id = ?").bind(premium.session.user.id).run();
    expect(await bytes(await premium.client.stream({ id: trackId }))).toEqual(expectedBytes('256k'));
  });

  it('answers Range with 206 and the exact bytes, computed across segment boundaries, and 416 past the end', async () => {
    const expected = expectedBytes('128k');
    const from = 700;
    const to = expected.length - 9;
    const res = await stream(`id=${trackId}`, { Range: `bytes=${from}-${to}` });
    expect(res.status).toBe(206);
    expect(res.headers.get('Content-Range')).toBe(`bytes ${from}-${to}/${expected.length}`);
    expect(res.headers.get('Content-Length')).toBe(String(to - from + 1));
    expect(await bytes(res)).toEqual(expected.slice(from, to + 1));
    const tail = await stream(`id=${trackId}`, { Range: 'bytes=-100' });
    expect(await bytes(tail)).toEqual(expected.slice(-100));
    expect((await stream(`id=${trackId}`, { Range: `bytes=${expected.length}-` })).status).toBe(416);
  });

  it('starts at the segment holding timeOffset (transcodeOffset), the init section first', async () => {
    expect(await bytes(await listener.client.stream({ id: trackId, timeOffset: 7 }))).toEqual(expectedBytes('128k', 1));
    expect(await bytes(await listener.client.stream({ id: trackId, timeOffset: 13 }))).toEqual(expectedBytes('128k', 2));
  });

  it('keeps the progressive media path off the public origin: only /rest/stream reaches it, signed', async () => {
    const res = await workerFetch()(`${BASE}/media/progressive/${hash}/128/0.mp4`);
    expect(res.status).toBe(404);
  });

  it('refuses unknown songs and unsigned callers in the Subsonic vocabulary', async () => {
    const missing = await workerFetch()(`${BASE}/rest/stream?${auth()}&f=json&id=trk_v0001_nothing`);
    expect(((await missing.json()) as Record<string, unknown>)['subsonic-response']).toMatchObject({ status: 'failed', error: { code: 70 } });
    const anonymous = await workerFetch()(`${BASE}/rest/stream?f=json&id=${trackId}`);
    expect(((await anonymous.json()) as Record<string, unknown>)['subsonic-response']).toMatchObject({ status: 'failed', error: { code: 10 } });
  });
});

import { exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminSession } from './catalog-fixtures.ts';
import { api, BASE, body, registerUser, type TestSession } from './helpers.ts';
import { losslessFixture, readyTrackWithLadder } from './ladder-track.ts';

let losslessTrack: string;
let aacTrack: string;

const media = (path: string) => exports.default.fetch(new Request(new URL(path, BASE)));
const text = async (res: Response) => new TextDecoder().decode(await res.arrayBuffer());

async function masterFor(trackId: string, token: string | undefined): Promise<string> {
  const track = await body(await api(`/api/v1/tracks/${trackId}`, { token }));
  const res = await media(track.stream.hls_url);
  expect(res.status).toBe(200);
  return text(res);
}

async function premiumListener(): Promise<TestSession> {
  const listener = await registerUser();
  const set = await api(`/api/v1/admin/users/${listener.user.id}`, { method: 'PUT', token: await adminSession(), json: { product: 'premium' } });
  expect(set.status).toBe(200);
  return body(await api('/api/v1/auth/refresh', { method: 'POST', json: { refresh_token: listener.refresh_token } }));
}

beforeAll(async () => {
  ({ trackId: losslessTrack } = await readyTrackWithLadder(1, 'Hi-Res Artist', losslessFixture));
  ({ trackId: aacTrack } = await readyTrackWithLadder(2, 'Lossy Artist'));
});

describe('a track with a lossless rendition', () => {
  it('says so in GET /tracks/{id}: lossless {bit_depth, sample_rate}; a track without one has no such field', async () => {
    const track = await body(await api(`/api/v1/tracks/${losslessTrack}`));
    expect(track.lossless).toEqual({ bit_depth: 24, sample_rate: 48_000 });
    expect(await body(await api(`/api/v1/tracks/${aacTrack}`))).not.toHaveProperty('lossless');
  });

  it('streams it to premium listeners (CODECS="fLaC" in their master) and never to free ones or anyone without a token', async () => {
    const premium = await premiumListener();
    const premiumMaster = await masterFor(losslessTrack, premium.access_token);
    expect(premiumMaster).toMatch(/CODECS="fLaC"\n[^\n]*\/lossless\/index\.m3u8\?/);

    const free = await registerUser();
    for (const token of [free.access_token, undefined]) {
      const master = await masterFor(losslessTrack, token);
      expect(master).not.toContain('fLaC');
      expect(master).not.toContain('/lossless/');
    }
  });

  it('is documented in the OpenAPI document as the track object’s lossless field', async () => {
    const doc = await body(await api('/api/v1/openapi.json'));
    const schema = doc.paths['/api/v1/tracks/{id}'].get.responses['200'].content['application/json'].schema;
    const resolved = schema.$ref ? doc.components.schemas[schema.$ref.split('/').at(-1)] : schema;
    expect(resolved.properties.lossless.description).toMatch(/CODECS="fLaC"/);
    expect(Object.keys(resolved.properties.lossless.properties)).toEqual(['bit_depth', 'sample_rate']);
  });
});

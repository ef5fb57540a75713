import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { SOURCE_URL_TTL_SECONDS } from '#core/protocol/transcode.ts';
import { parseSigningKeys, toBase64Url, verifySignedUrl } from '#core/signing.ts';
import { BASE, body, fixture, ingestLadder, inSeconds, media, oldKeySigning, playback, signed, signing } from './helpers.ts';

let hash: string;
beforeAll(async () => {
  hash = await ingestLadder();
});

const paths = () => ({
  master: `/media/hls/${hash}/master.m3u8`,
  media: `/media/hls/${hash}/${fixture.renditions[0]}/index.m3u8`,
  init: `/media/hls/${hash}/${fixture.renditions[0]}/init.mp4`,
  segment: `/media/hls/${hash}/${fixture.renditions[0]}/seg_00001.m4s`,
});

async function expectRefused(url: string, code: string): Promise<void> {
  const res = await media(url);
  expect(res.status).toBe(403);
  expect(res.headers.get('Location')).toBeNull();
  expect(await body(res)).toEqual({ error: { status: 403, code, message: expect.any(String) } });
}

describe.each(['master', 'media', 'init', 'segment'] as const)('signature checks on the %s', (kind) => {
  it('accepts a valid signature', async () => {
    expect((await media(await signed(paths()[kind]))).status).toBe(200);
  });

  it('refuses a tampered signature', async () => {
    const url = await signed(paths()[kind]);
    const sig = new URL(url, 'https://x').searchParams.get('sig')!;
    const flipped = `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    await expectRefused(url.replace(`sig=${sig}`, `sig=${flipped}`), 'signature_invalid');
  });

  it('refuses a signature moved to another path', async () => {
    const url = await signed(paths()[kind]);
    const moved = url.replace(`/${fixture.renditions[0]}/`, `/${fixture.renditions[2]}/`).replace('/master.m3u8', '/index.m3u8');
    expect(moved).not.toBe(url);
    await expectRefused(moved, 'signature_invalid');
  });

  it('refuses a stretched expiry', async () => {
    const exp = inSeconds(60);
    const url = await signed(paths()[kind], exp);
    await expectRefused(url.replace(`exp=${exp}`, `exp=${exp + 86_400}`), 'signature_invalid');
  });

  it('refuses an expired signature', async () => {
    await expectRefused(await signed(paths()[kind], inSeconds(-5)), 'signature_expired');
  });

  it('refuses an unknown key id', async () => {
    const url = await signed(paths()[kind], inSeconds(60), { current: 'gone9', keys: new Map([['gone9', 'some retired secret']]) });
    await expectRefused(url, 'signature_invalid');
  });

  it('refuses a missing signature', async () => {
    await expectRefused(paths()[kind], 'signature_missing');
    const url = await signed(paths()[kind]);
    await expectRefused(url.replace(/&sig=[^&]+/, ''), 'signature_missing');
  });

  it('accepts a URL signed with the rotated-out old0 key', async () => {
    const url = await signed(paths()[kind], inSeconds(60), oldKeySigning);
    expect(url).toContain('kid=old0');
    expect((await media(url)).status).toBe(200);
  });
});

it('signs with the current key (a sanity check on the test keys)', () => {
  expect(signing.current).toBe('dev2');
  expect([...signing.keys.keys()]).toEqual(['dev2', 'old0']);
});

/** An HMAC-SHA256 by hand, so a test can sign whatever text an attacker would. */
async function hmac(secret: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return toBase64Url(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(text)));
}

const FAR_FUTURE = 4_102_444_800; // 2100-01-01

describe('key ids that name Object.prototype members', () => {
  // The attack: `keys[kid]` on a plain object found these members, whose string
  // form is public ("function Object() { [native code] }" for constructor).
  const members = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'];
  const prototypeSecret = (kid: string): string => String((JSON.parse('{}') as Record<string, unknown>)[kid]);

  it.each(members)('refuses kid=%s with an HMAC under its public string form, old and new signed text alike', async (kid) => {
    const targets = [paths().master, paths().segment, '/media/sources/upl0_victim'];
    for (const path of targets) {
      for (const text of [`${path}\n${FAR_FUTURE}`, `encore-media-v2\n${kid}\n${path}\n${FAR_FUTURE}`]) {
        const sig = await hmac(prototypeSecret(kid), text);
        const url = `${path}?exp=${FAR_FUTURE}&kid=${encodeURIComponent(kid)}&sig=${sig}`;
        const res = await media(url);
        expect(res.status, `${kid} ${path}`).toBe(403);
        expect((await body(res)).error.code).toBe('signature_invalid');
      }
    }
  });

  it('never yields a prototype member as a configured key', () => {
    const keys = parseSigningKeys(JSON.stringify({ dev2: 'secret-2' }), 'dev2');
    for (const kid of members) expect(keys.keys.get(kid)).toBeUndefined();
    expect(keys.keys.size).toBe(1);
  });
});

describe('SIGNING_KEYS parsing', () => {
  it.each([
    ['a non-string secret', '{"dev2":"s","k3":42}'],
    ['an empty secret', '{"dev2":"s","k3":""}'],
    ['an object secret', '{"dev2":"s","k3":{}}'],
    ['an array', '["s"]'],
    ['null', 'null'],
    ['a key id that is not plain', '{"dev2":"s","a b":"t"}'],
    ['no current key', '{"other":"s"}'],
    ['not JSON', '{dev2:s}'],
  ])('refuses %s', (_, json) => {
    expect(() => parseSigningKeys(json, 'dev2')).toThrow(/SIGNING_KEY/);
  });
});

describe('the key id is part of the signed text', () => {
  it('refuses a signature moved to another configured key id, even one holding the same secret', async () => {
    const keys = parseSigningKeys(JSON.stringify({ a1: 'shared-secret', b1: 'shared-secret', c1: 'other' }), 'a1');
    const path = paths().master;
    const url = new URL(await signed(path, inSeconds(60), keys), BASE);
    expect(await verifySignedUrl(url, keys, playback)).toEqual({ ok: true, scope: null });
    for (const kid of ['b1', 'c1']) {
      url.searchParams.set('kid', kid);
      expect(await verifySignedUrl(url, keys, playback)).toEqual({ ok: false, reason: 'bad_signature' });
    }
  });

  it('refuses the test keys swapped: an old0 signature presented as dev2 (and back)', async () => {
    const url = new URL(await signed(paths().master, inSeconds(60), oldKeySigning), BASE);
    url.searchParams.set('kid', 'dev2');
    expect((await media(url.href)).status).toBe(403);
    const current = new URL(await signed(paths().master, inSeconds(60)), BASE);
    current.searchParams.set('kid', 'old0');
    expect((await media(current.href)).status).toBe(403);
  });
});

describe('expiry bounded by the lifetime a route issues', () => {
  const ttl = Number(env.STREAM_URL_TTL_SECONDS);

  it('accepts a playback URL that lives as long as the api worker issues', async () => {
    expect((await media(await signed(paths().segment, inSeconds(ttl)))).status).toBe(200);
  });

  it.each([
    ['just past the TTL and the skew', () => inSeconds(ttl + 120)],
    ['the year 2100', () => FAR_FUTURE],
  ])('refuses a validly signed playback URL expiring %s', async (_, exp) => {
    for (const path of [paths().master, paths().media, paths().segment]) {
      const res = await media(await signed(path, exp()));
      expect(res.status, path).toBe(403);
      expect((await body(res)).error.code).toBe('signature_invalid');
    }
  });

  it('holds source URLs to their own, shorter lifetime', async () => {
    const path = '/media/sources/upl0_nothing_here';
    // Within the source TTL the signature passes (and the missing upload is a 404)…
    expect((await media(await signed(path, inSeconds(SOURCE_URL_TTL_SECONDS)))).status).toBe(404);
    // …but a playback-length lifetime is refused before anything is read.
    const res = await media(await signed(path, inSeconds(ttl)));
    expect(res.status).toBe(403);
    expect((await body(res)).error.code).toBe('signature_invalid');
  });
});

describe('the retired development key', () => {
  it('refuses URLs minted under dev1 before the key ids entered the signed text', async () => {
    const path = paths().master;
    const exp = inSeconds(3600);
    const old = `${path}?exp=${exp}&kid=dev1&sig=${await hmac('dev-only-signing-key-1', `${path}\n${exp}`)}`;
    const res = await media(old);
    expect(res.status).toBe(403);
    expect((await body(res)).error.code).toBe('signature_invalid');
    expect(env.SIGNING_KEY_ID).not.toBe('dev1');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { body, fixture, ingestLadder, inSeconds, media, oldKeySigning, signed, signing } from './helpers.ts';

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
    const url = await signed(paths()[kind], inSeconds(60), { current: 'gone9', keys: { gone9: 'some retired secret' } });
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
  expect(signing.current).toBe('dev1');
  expect(Object.keys(signing.keys)).toContain('old0');
});

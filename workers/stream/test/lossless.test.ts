import { describe, expect, inject, it } from 'vitest';
import { signPath } from '#core/signing.ts';
import { BASE, ingestLadder, inSeconds, media, signed, signing, text } from './helpers.ts';

/** The 15 s ladder with the transcoder's lossless rendition (FLAC in fMP4, CODECS="fLaC"). */
const losslessFixture = inject('hlsLosslessFixture');
const uriLines = (playlist: string): string[] => playlist.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
const renditionOf = (uri: string): string => new URL(uri, BASE).pathname.split('/').at(-2)!;
const free = (path: string) => signPath(path, inSeconds(3600), signing, 'free');

describe('the lossless rendition at the stream worker: premium only', () => {
  it('is listed, with CODECS="fLaC", in a premium (unscoped) master, and its playlist, init and segments play', async () => {
    const hash = await ingestLadder(undefined, losslessFixture);
    const master = await text(await media(await signed(`/media/hls/${hash}/master.m3u8`)));
    expect(uriLines(master).map(renditionOf)).toEqual(['64k', '128k', '256k', 'lossless']);
    const lines = master.split('\n');
    const variant = lines.findIndex((line) => renditionOf(line) === 'lossless' && !line.startsWith('#'));
    expect(lines[variant - 1]).toMatch(/^#EXT-X-STREAM-INF:BANDWIDTH=\d+,AVERAGE-BANDWIDTH=\d+,CODECS="fLaC"$/);

    const playlist = await text(await media(lines[variant]!));
    const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(playlist)![1]!;
    const initRes = await media(init);
    expect(initRes.status).toBe(200);
    expect(initRes.headers.get('Content-Type')).toBe('audio/mp4');
    // The MP4 sample entry names the codec: a `fLaC` box holding a `dfLa` (FLAC's STREAMINFO).
    const initText = new TextDecoder('latin1').decode(await initRes.arrayBuffer());
    expect(initText).toContain('fLaC');
    expect(initText).toContain('dfLa');
    const segment = await media(uriLines(playlist)[0]!);
    expect(segment.status).toBe(200);
    expect((await segment.arrayBuffer()).byteLength).toBe(atob(losslessFixture.files['lossless/seg_00001.m4s']!).length);
  });

  it('is left out of a free master: no fLaC variant, no lossless URI', async () => {
    const hash = await ingestLadder(undefined, losslessFixture);
    const master = await text(await media(await free(`/media/hls/${hash}/master.m3u8`)));
    expect(uriLines(master).map(renditionOf)).toEqual(['64k', '128k']);
    expect(master).not.toContain('fLaC');
    expect(master).not.toContain('lossless');
    expect(master.match(/#EXT-X-STREAM-INF/g)).toHaveLength(2);
  });

  it('refuses (403 premium_required) its guessed playlist, init and segments under a free signature', async () => {
    const hash = await ingestLadder(undefined, losslessFixture);
    for (const file of ['lossless/index.m3u8', 'lossless/init.mp4', 'lossless/seg_00001.m4s']) {
      expect(losslessFixture.files[file], file).toBeDefined();
      const res = await media(await free(`/media/hls/${hash}/${file}`));
      expect(res.status, file).toBe(403);
      expect((await res.json<{ error: { code: string } }>()).error.code).toBe('premium_required');
    }
  });
});

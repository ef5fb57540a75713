import { describe, expect, it } from 'vitest';
import { signPath } from '#core/signing.ts';
import { limitMaster } from '../src/tier-limit.ts';
import { BASE, fixture, ingestLadder, inSeconds, media, signed, signing, text } from './helpers.ts';

/** The URI lines of a playlist (segments, or a master's variants). */
const uriLines = (playlist: string): string[] => playlist.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
const renditionOf = (uri: string): string => new URL(uri, BASE).pathname.split('/').at(-2)!;
const free = (path: string) => signPath(path, inSeconds(3600), signing, 'free');

describe('tiers at the stream worker: a free signature streams up to 128 kb/s', () => {
  it('lists only the 64k and 128k renditions in a free master, each signed free, and they play', async () => {
    const hash = await ingestLadder();
    const res = await media(await free(`/media/hls/${hash}/master.m3u8`));
    expect(res.status).toBe(200);
    const master = await text(res);
    const variants = uriLines(master);
    expect(variants.map(renditionOf)).toEqual(['64k', '128k']);
    // Each variant keeps its own #EXT-X-STREAM-INF line, none left dangling.
    expect(master.match(/#EXT-X-STREAM-INF/g)).toHaveLength(2);
    expect(master).not.toContain('256k');
    for (const variant of variants) {
      expect(new URL(variant, BASE).searchParams.get('scope')).toBe('free');
      const playlist = await text(await media(variant));
      const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(playlist)![1]!;
      for (const uri of [init, uriLines(playlist)[0]!]) expect((await media(uri)).status).toBe(200);
    }
  });

  it('refuses (403 premium_required) the guessed 256k playlist and segments under a free signature', async () => {
    const hash = await ingestLadder();
    expect(fixture.files['256k/seg_00001.m4s']).toBeDefined();
    for (const file of ['256k/index.m3u8', '256k/init.mp4', '256k/seg_00001.m4s']) {
      const res = await media(await free(`/media/hls/${hash}/${file}`));
      expect(res.status, file).toBe(403);
      expect((await res.json<{ error: { code: string } }>()).error.code).toBe('premium_required');
    }
    // Taking a 128k URL and swapping the rendition breaks its signature instead.
    const playlist = await text(await media(await free(`/media/hls/${hash}/128k/index.m3u8`)));
    const swapped = new URL(uriLines(playlist)[0]!, BASE);
    swapped.pathname = swapped.pathname.replace('/128k/', '/256k/');
    expect((await media(`${swapped.pathname}${swapped.search}`)).status).toBe(403);
    // And removing the scope from a free URL breaks the MAC.
    const unscoped = new URL(await free(`/media/hls/${hash}/master.m3u8`), BASE);
    unscoped.searchParams.delete('scope');
    expect((await media(`${unscoped.pathname}${unscoped.search}`)).status).toBe(403);
  });

  it('gives a premium (unscoped) signature every rendition, 256k included', async () => {
    const hash = await ingestLadder();
    const master = await text(await media(await signed(`/media/hls/${hash}/master.m3u8`)));
    expect(uriLines(master).map(renditionOf)).toEqual(fixture.renditions);
    expect((await media(await signed(`/media/hls/${hash}/256k/seg_00001.m4s`))).status).toBe(200);
  });
});

describe('limitMaster', () => {
  const master = [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    '#EXT-X-STREAM-INF:BANDWIDTH=70000,AVERAGE-BANDWIDTH=66000,CODECS="mp4a.40.2"',
    '64k/index.m3u8',
    '#EXT-X-STREAM-INF:BANDWIDTH=139000,AVERAGE-BANDWIDTH=131000,CODECS="mp4a.40.2"',
    '128k/index.m3u8',
    '#EXT-X-STREAM-INF:BANDWIDTH=270000,AVERAGE-BANDWIDTH=262000,CODECS="mp4a.40.2"',
    '256k/index.m3u8',
    '#EXT-X-STREAM-INF:BANDWIDTH=900000,CODECS="fLaC"',
    'lossless/index.m3u8',
    '#EXT-X-STREAM-INF:BANDWIDTH=1',
    '../elsewhere/index.m3u8',
    '',
  ].join('\n');

  it('keeps the renditions named at or under the ceiling (not by their measured BANDWIDTH) and drops unrankable URIs', () => {
    const limited = limitMaster(master, 128);
    expect(uriLines(limited)).toEqual(['64k/index.m3u8', '128k/index.m3u8']);
    expect(limited).toContain('BANDWIDTH=139000');
    expect(limited.match(/#EXT-X-STREAM-INF/g)).toHaveLength(2);
  });

  it('leaves the master whole without a ceiling, and a media playlist alone', () => {
    expect(limitMaster(master, Number.POSITIVE_INFINITY)).toBe(master);
    const playlist = '#EXTM3U\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:6.0,\nseg_00001.m4s\n';
    expect(limitMaster(playlist, 128)).toBe(playlist);
  });
});

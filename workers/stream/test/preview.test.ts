import { describe, expect, it } from 'vitest';
import { PREVIEW_SECONDS } from '#core/protocol/preview.ts';
import { signPath } from '#core/signing.ts';
import { cutToPreview } from '../src/preview-cut.ts';
import { BASE, ingestLadder, inSeconds, longFixture, media, signed, signing, text } from './helpers.ts';

/** The URI lines of a playlist (segments, or a master's variants). */
const uriLines = (playlist: string): string[] => playlist.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
const totalSeconds = (playlist: string): number => [...playlist.matchAll(/#EXTINF:([\d.]+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
const preview = (path: string, exp = inSeconds(3600)) => signPath(path, exp, signing, 'preview');

describe('a preview: the first 30 s of the ladder, under a preview-scoped signature', () => {
  it('lists every rendition, whose media playlists total at most 30 s of whole segments and end the list', async () => {
    const hash = await ingestLadder(undefined, longFixture);
    const res = await media(await preview(`/media/hls/${hash}/master.m3u8`));
    expect(res.status).toBe(200);
    const variants = uriLines(await text(res));
    expect(variants).toHaveLength(longFixture.renditions.length);

    for (const variant of variants) {
      expect(new URL(variant, BASE).searchParams.get('scope')).toBe('preview');
      const playlistRes = await media(variant);
      expect(playlistRes.status).toBe(200);
      const playlist = await text(playlistRes);
      const full = await text(await media(await signed(new URL(variant, BASE).pathname)));
      expect(totalSeconds(full)).toBeGreaterThan(40);
      expect(totalSeconds(playlist)).toBeGreaterThan(PREVIEW_SECONDS - 7);
      expect(totalSeconds(playlist)).toBeLessThanOrEqual(PREVIEW_SECONDS);
      expect(playlist.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
      expect(uriLines(playlist).length).toBeLessThan(uriLines(full).length);

      // The init segment and every listed segment play under the preview's signatures.
      const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(playlist)![1]!;
      for (const uri of [init, ...uriLines(playlist)]) expect((await media(uri)).status).toBe(200);
    }
  });

  it('refuses (403) a segment past the cut under a preview signature, and a preview URL with its scope removed', async () => {
    const hash = await ingestLadder(undefined, longFixture);
    const rendition = longFixture.renditions[0]!;
    const playlist = await text(await media(await preview(`/media/hls/${hash}/${rendition}/index.m3u8`)));
    const [first] = uriLines(playlist);
    const lastListed = uriLines(playlist).length;
    const beyond = new URL(first!, BASE);
    beyond.pathname = beyond.pathname.replace(/seg_\d+\.m4s$/, `seg_${String(lastListed + 1).padStart(5, '0')}.m4s`);
    expect(longFixture.files[`${rendition}/seg_${String(lastListed + 1).padStart(5, '0')}.m4s`]).toBeDefined();
    const refused = await media(`${beyond.pathname}${beyond.search}`);
    expect(refused.status).toBe(403);
    expect((await refused.json<{ error: { code: string } }>()).error.code).toBe('signature_invalid');

    // Dropping the scope to get the whole playlist breaks the signature.
    const unscoped = new URL(await preview(`/media/hls/${hash}/${rendition}/index.m3u8`), BASE);
    unscoped.searchParams.delete('scope');
    expect((await media(`${unscoped.pathname}${unscoped.search}`)).status).toBe(403);
    const otherScope = new URL(await preview(`/media/hls/${hash}/${rendition}/index.m3u8`), BASE);
    otherScope.searchParams.set('scope', 'full');
    expect((await media(`${otherScope.pathname}${otherScope.search}`)).status).toBe(403);
  });

  it('leaves the full-track signature as it was: every segment listed and served', async () => {
    const hash = await ingestLadder(undefined, longFixture);
    const rendition = longFixture.renditions[1]!;
    const playlist = await text(await media(await signed(`/media/hls/${hash}/${rendition}/index.m3u8`)));
    const segments = Object.keys(longFixture.files).filter((f) => f.startsWith(`${rendition}/seg_`));
    expect(uriLines(playlist)).toHaveLength(segments.length);
    expect(new URL(uriLines(playlist).at(-1)!, BASE).searchParams.get('scope')).toBeNull();
    expect((await media(uriLines(playlist).at(-1)!)).status).toBe(200);
  });
});

describe('cutToPreview', () => {
  it('keeps whole segments up to the limit with their tags, and leaves a master alone', () => {
    const media = [
      '#EXTM3U',
      '#EXT-X-TARGETDURATION:6',
      '#EXT-X-MAP:URI="init.mp4"',
      '#EXTINF:6.000,',
      'a.m4s',
      '#EXTINF:6.000,',
      '#EXT-X-BYTERANGE:10@0',
      'b.m4s',
      '#EXTINF:6.000,',
      'c.m4s',
      '#EXT-X-ENDLIST',
      '',
    ].join('\n');
    expect(cutToPreview(media, 12)).toBe(
      [
        '#EXTM3U',
        '#EXT-X-TARGETDURATION:6',
        '#EXT-X-MAP:URI="init.mp4"',
        '#EXTINF:6.000,',
        'a.m4s',
        '#EXTINF:6.000,',
        '#EXT-X-BYTERANGE:10@0',
        'b.m4s',
        '#EXT-X-ENDLIST',
        '',
      ].join('\n'),
    );
    expect(cutToPreview(media, 11.9)).not.toContain('b.m4s');
    const master = '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n64k/index.m3u8\n';
    expect(cutToPreview(master, 30)).toBe(master);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { SubsonicAPI } from 'subsonic-api';
import { artist, importCatalog, track } from './catalog-fixtures.ts';
import { rest, subsonicListener } from './subsonic-support.ts';

let client: SubsonicAPI;
let credentials: { username: string; password: string };
let ids: Record<'synced' | 'plain' | 'none', string>;

/** The spec's shape (`lyricsList.structuredLyrics`); the client library's type names it differently. */
const structured = async (id: string) => ((await client.getLyricsBySongId({ id })) as unknown as { lyricsList: { structuredLyrics: unknown[] } }).lyricsList;

describe('Subsonic lyrics', () => {
  beforeAll(async () => {
    ({ client, credentials } = await subsonicListener());
    const { json } = await importCatalog([
      artist('sl-a', 'Harbour Lights'),
      artist('sl-b', 'Quiet Feature'),
      track('sl-t1', null, ['sl-a', 'sl-b'], 'Tidewater', 60),
      { type: 'lyrics', track_id: 'sl-t1', lrc: '[offset:+500]\n[00:10.00]salt on the window\n[00:04.50][00:20.25]the tide comes in' },
      track('sl-t2', null, ['sl-a'], 'Driftwood', 50),
      { type: 'lyrics', track_id: 'sl-t2', lrc: 'no clocks here\njust the words' },
      track('sl-t3', null, ['sl-a'], 'Wordless', 40),
    ]);
    expect(json.rejected).toEqual([]);
    const songs = (await client.search3({ query: 'Harbour Lights', songCount: 10 })).searchResult3.song ?? [];
    const idOf = (title: string) => songs.find((s) => s.title === title)!.id;
    ids = { synced: idOf('Tidewater'), plain: idOf('Driftwood'), none: idOf('Wordless') };
  });

  it('gives a song its stored synced lyrics as structured lines: start in ms (offset applied), in order', async () => {
    expect(await structured(ids.synced)).toEqual({
      structuredLyrics: [
        {
          displayArtist: 'Harbour Lights, Quiet Feature',
          displayTitle: 'Tidewater',
          lang: 'und',
          offset: 0,
          synced: true,
          line: [
            { start: 4_000, value: 'the tide comes in' },
            { start: 9_500, value: 'salt on the window' },
            { start: 19_750, value: 'the tide comes in' },
          ],
        },
      ],
    });
  });

  it('gives unsynced lyrics as lines without start, a song without lyrics none, and an unknown song 70', async () => {
    expect(await structured(ids.plain)).toMatchObject({
      structuredLyrics: [{ synced: false, displayTitle: 'Driftwood', line: [{ value: 'no clocks here' }, { value: 'just the words' }] }],
    });
    expect(((await structured(ids.plain)).structuredLyrics[0] as { line: object[] }).line[0]).not.toHaveProperty('start');
    expect(await structured(ids.none)).toEqual({ structuredLyrics: [] });
    expect(await client.getLyricsBySongId({ id: 'trk_v0001_nothing' })).toMatchObject({ status: 'failed', error: { code: 70 } });
  });

  it('speaks XML: structuredLyrics with line elements, start as an attribute and the words as text', async () => {
    const u = encodeURIComponent(credentials.username);
    const { response } = await rest(`getLyricsBySongId.view?u=${u}&p=${credentials.password}&v=1.16.1&c=test&id=${ids.synced}`);
    expect(response.status).toBe('ok');
    const lyrics = response.lyricsList.structuredLyrics;
    expect(lyrics).toMatchObject({ displayTitle: 'Tidewater', synced: true, lang: 'und' });
    expect(lyrics.line[1]).toEqual({ start: 9_500, '#text': 'salt on the window' });
  });

  it('finds lyrics by artist and title (getLyrics), as plain text, and answers an empty element when none match', async () => {
    expect((await client.getLyrics({ artist: 'harbour lights', title: 'tidewater' })).lyrics).toEqual({
      artist: 'Harbour Lights, Quiet Feature',
      title: 'Tidewater',
      value: 'the tide comes in\nsalt on the window\nthe tide comes in',
    });
    expect((await client.getLyrics({ title: 'Driftwood' })).lyrics).toMatchObject({ title: 'Driftwood', value: 'no clocks here\njust the words' });
    expect((await client.getLyrics({ artist: 'Somebody Else', title: 'Tidewater' })).lyrics).toEqual({});
    expect((await client.getLyrics({ artist: 'Harbour Lights', title: 'Wordless' })).lyrics).toEqual({});
  });
});

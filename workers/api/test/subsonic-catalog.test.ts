import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { imageKey } from '#core/artwork/images.ts';
import { findShard, shardDb } from '#core/shards.ts';
import type { SubsonicAPI } from 'subsonic-api';
import { album, artist, importCatalog, track } from './catalog-fixtures.ts';
import { rest, subsonicListener } from './subsonic-support.ts';

let client: SubsonicAPI;
let credentials: { username: string; password: string };
let ids: { cure: string; abba: string; numbers: string; album: string; songs: string[] };

describe('Subsonic catalog browsing', () => {
  beforeAll(async () => {
    ({ client, credentials } = await subsonicListener());
    const { json } = await importCatalog([
      artist('ss-cure', 'The Cure'),
      artist('ss-abba', 'ABBA'),
      artist('ss-9', '99 Luftballons Band'),
      artist('ss-empty', 'Nothing Yet'),
      album('ss-al1', 'ss-cure', 'Disintegration', '1989-05-02'),
      album('ss-al2', 'ss-abba', 'Arrival', '1976-10-11'),
      album('ss-al3', 'ss-9', 'Zahlen', '1983-01-01'),
      track('ss-t1', 'ss-al1', ['ss-cure'], 'Plainsong', 40, { track_number: 1, genre: 'goth' }),
      track('ss-t2', 'ss-al1', ['ss-cure', 'ss-abba'], 'Pictures of You', 90, { track_number: 2, genre: 'goth' }),
      track('ss-t3', 'ss-al2', ['ss-abba'], 'Dancing Queen', 99, { track_number: 1, genre: 'pop' }),
      track('ss-t4', 'ss-al3', ['ss-9'], 'Neunundneunzig', 10, { track_number: 1, genre: 'pop' }),
    ]);
    expect(json.rejected).toEqual([]);
    const { artists } = await client.getArtists();
    const all = artists.index!.flatMap((i) => i.artist ?? []);
    const idOf = (name: string) => all.find((a) => a?.name === name)!.id;
    const cure = idOf('The Cure');
    const { artist: cureArtist } = await client.getArtist({ id: cure });
    const albumId = cureArtist.album![0]!.id;
    const { album: disintegration } = await client.getAlbum({ id: albumId });
    ids = { cure, abba: idOf('ABBA'), numbers: idOf('99 Luftballons Band'), album: albumId, songs: disintegration.song!.map((s) => s.id) };
  });

  it('indexes artists by name without their article, numbers under #, and leaves out artists with nothing to play', async () => {
    const { artists } = await client.getArtists();
    expect(artists.ignoredArticles).toBe('The El La Los Las Le Les');
    expect(artists.index!.map((i) => [i.name, (i.artist ?? []).map((a) => a.name)])).toEqual([
      ['A', ['ABBA']],
      ['C', ['The Cure']],
      ['#', ['99 Luftballons Band']],
    ]);
    expect(artists.index![1]!.artist?.[0]).toMatchObject({ albumCount: 1 });
    // No picture set: no coverArt to ask for.
    expect(artists.index![1]!.artist?.[0]?.coverArt).toBeUndefined();
  });

  it('shows an artist with albums, an album with its songs in order, and one song', async () => {
    const { artist: cure } = await client.getArtist({ id: ids.cure });
    expect(cure).toMatchObject({ name: 'The Cure', albumCount: 1, album: [{ name: 'Disintegration', songCount: 2, year: 1989 }] });
    const { album: record } = await client.getAlbum({ id: ids.album });
    expect(record).toMatchObject({ name: 'Disintegration', artist: 'The Cure', songCount: 2, duration: 400 });
    expect(record.song!.map((s) => [s.title, s.track, s.duration, s.contentType])).toEqual([
      ['Plainsong', 1, 200, 'audio/mp4'],
      ['Pictures of You', 2, 200, 'audio/mp4'],
    ]);
    const { song } = await client.getSong({ id: ids.songs[1]! });
    expect(song).toMatchObject({ title: 'Pictures of You', album: 'Disintegration', albumId: ids.album, artist: 'The Cure, ABBA', isDir: false });
  });

  it('serves cover art from the artwork squares by size, and says 70 where none is set', async () => {
    const hash = 'ab'.repeat(32);
    for (const size of [640, 300, 64] as const) await env.MEDIA.put(imageKey(hash, size), `webp ${size}`);
    const catalog = shardDb(env, 'CATALOG', findShard(env, 'CATALOG', ids.album, ['alb'])!);
    await catalog.prepare('UPDATE albums SET image_hash = ? WHERE id = ?').bind(hash, ids.album).run();
    const { album: withCover } = await client.getAlbum({ id: ids.album });
    expect(withCover.coverArt).toBe(ids.album);
    expect(withCover.song!.map((s) => s.coverArt)).toEqual([ids.album, ids.album]);
    const { artist: cure } = await client.getArtist({ id: ids.cure });
    expect(cure.coverArt).toBeUndefined();

    const cover = async (params: { id: string; size?: number }) => {
      const res = await client.getCoverArt(params);
      return { type: res.headers.get('Content-Type'), text: await res.text() };
    };
    expect(await cover({ id: ids.album })).toEqual({ type: 'image/webp', text: 'webp 640' });
    expect(await cover({ id: ids.album, size: 100 })).toEqual({ type: 'image/webp', text: 'webp 300' });
    expect(await cover({ id: ids.album, size: 48 })).toEqual({ type: 'image/webp', text: 'webp 64' });
    expect(await cover({ id: ids.songs[0]!, size: 2000 })).toEqual({ type: 'image/webp', text: 'webp 640' });
    const none = await cover({ id: ids.cure });
    expect(JSON.parse(none.text)['subsonic-response']).toMatchObject({ status: 'failed', error: { code: 70 } });
  });

  it('lists genres and their songs, most popular first', async () => {
    const { genres } = await client.getGenres();
    expect(genres.genre!.map((g) => [g.value, g.songCount])).toEqual([
      ['goth', 2],
      ['pop', 2],
    ]);
    const { songsByGenre } = await client.getSongsByGenre({ genre: 'Goth' });
    expect(songsByGenre.song!.map((s) => [s.title, s.genre])).toEqual([
      ['Pictures of You', 'goth'],
      ['Plainsong', 'goth'],
    ]);
  });

  it('answers getLyricsBySongId with no structured lyrics for a song without any (subsonic-lyrics.test.ts has songs with)', async () => {
    expect((await client.getLyricsBySongId({ id: ids.songs[0]! })).lyricsList).toEqual({ structuredLyrics: [] });
    expect(await client.getLyricsBySongId({ id: 'trk_v0001_nothing' })).toMatchObject({ status: 'failed', error: { code: 70 } });
  });

  it('answers 70 for ids that name nothing', async () => {
    expect(await client.getAlbum({ id: 'alb_v0001_nothing' })).toMatchObject({ status: 'failed', error: { code: 70 } });
    expect(await client.getSong({ id: 'garbage' })).toMatchObject({ status: 'failed', error: { code: 70 } });
  });

  it('speaks XML: the same artists index, as elements and attributes', async () => {
    const u = encodeURIComponent(credentials.username);
    const { response } = await rest(`getArtists.view?u=${u}&p=${credentials.password}&v=1.16.1&c=test`);
    expect(response.status).toBe('ok');
    expect(response.artists.ignoredArticles).toBe('The El La Los Las Le Les');
    expect(response.artists.index.map((i: { name: string }) => i.name)).toEqual(['A', 'C', '#']);
    expect(response.artists.index[1].artist[0]).toMatchObject({ id: ids.cure, name: 'The Cure', albumCount: 1 });
  });

  it('lists albums alphabetically, by artist, by genre, by year, most popular, newest and at random', async () => {
    const names = async (params: Parameters<SubsonicAPI['getAlbumList2']>[0]) => (await client.getAlbumList2(params)).albumList2.album!.map((a) => a.name);
    expect(await names({ type: 'alphabeticalByName' })).toEqual(['Arrival', 'Disintegration', 'Zahlen']);
    expect(await names({ type: 'alphabeticalByName', size: 1, offset: 1 })).toEqual(['Disintegration']);
    expect(await names({ type: 'alphabeticalByArtist' })).toEqual(['Zahlen', 'Arrival', 'Disintegration']);
    expect(await names({ type: 'byGenre', genre: 'Pop' })).toEqual(['Arrival', 'Zahlen']);
    expect(await names({ type: 'byYear', fromYear: 1980, toYear: 1990 })).toEqual(['Zahlen', 'Disintegration']);
    expect(await names({ type: 'byYear', fromYear: 1990, toYear: 1970 })).toEqual(['Disintegration', 'Zahlen', 'Arrival']);
    expect(await names({ type: 'highest' })).toEqual(['Arrival', 'Disintegration', 'Zahlen']);
    expect((await names({ type: 'newest' })).sort()).toEqual(['Arrival', 'Disintegration', 'Zahlen']);
    expect((await names({ type: 'random', size: 2 })).length).toBe(2);
    expect(await client.getAlbumList2({ type: 'byGenre' } as never)).toMatchObject({ status: 'failed', error: { code: 10 } });
  });

  it('search3 finds artists, albums and songs with the REST search, typos included', async () => {
    const { searchResult3 } = await client.search3({ query: 'pictures' });
    expect(searchResult3.song!.map((s) => s.title)).toEqual(['Pictures of You']);
    const typo = await client.search3({ query: 'disintegratoin' });
    expect(typo.searchResult3.album!.map((a) => a.name)).toEqual(['Disintegration']);
    const paged = await client.search3({ query: 'queen', artistCount: 0, albumCount: 0 });
    expect(paged.searchResult3).toMatchObject({ artist: [], album: [], song: [{ title: 'Dancing Queen' }] });
  });

  it('star and unstar are library saves, listed by getStarred2 and the starred album list', async () => {
    expect((await client.star({ id: ids.songs[0]!, albumId: ids.album, artistId: ids.abba })).status).toBe('ok');
    const { starred2 } = await client.getStarred2();
    expect(starred2.song!.map((s) => [s.title, typeof s.starred])).toEqual([['Plainsong', 'object']]);
    expect(starred2.album!.map((a) => a.name)).toEqual(['Disintegration']);
    expect(starred2.artist!.map((a) => a.name)).toEqual(['ABBA']);
    expect((await client.getAlbumList2({ type: 'starred' })).albumList2.album!.map((a) => a.name)).toEqual(['Disintegration']);
    await client.unstar({ id: ids.songs[0]!, artistId: ids.abba });
    const after = (await client.getStarred2()).starred2;
    expect([after.song ?? [], after.artist ?? [], (after.album ?? []).map((a) => a.name)]).toEqual([[], [], ['Disintegration']]);
    const refused = await client.star({ id: 'trk_v0001_missing' });
    expect(refused, JSON.stringify(refused)).toMatchObject({ status: 'failed', error: { code: 70 } });
  });
});

import { env } from 'cloudflare:workers';
import { drizzle } from 'drizzle-orm/d1';
import { describe, expect, it } from 'vitest';
import { chunked, IDS_PER_STATEMENT, loadAlbums, loadArtists, loadTracks, missingCatalogIds } from '#core/catalog/reads.ts';
import { loadTrackSummaries } from '#core/catalog/views.ts';
import { trackArtists, tracks } from '#core/db/catalog-schema.ts';
import { TrackSummary } from '#core/protocol/catalog-views.ts';
import { newIdOn, shardDb } from '#core/shards.ts';
import { seedCatalog } from './playlist-support.ts';

/** Interleaves the lists: a, b, c, a, b, c, … so neighbours live on different shards. */
const interleave = (...lists: string[][]) => Array.from({ length: Math.max(...lists.map((l) => l.length)) }, (_, i) => lists.flatMap((l) => l[i] ?? [])).flat();

describe('core/catalog/reads', () => {
  it('loads more than 100 ids across shards in the caller order', async () => {
    // Shard 0 holds more than one statement's worth of ids.
    const seeded = await Promise.all([150, 90, 60].map((count, shard) => seedCatalog(count, shard)));
    const ids = interleave(...seeded.map((s) => s.trackIds)).reverse();
    expect(ids.length).toBeGreaterThan(2 * IDS_PER_STATEMENT);

    const found = await loadTracks(env, ids);
    expect([...found.keys()]).toEqual(ids);
    const first = found.get(seeded[1]!.trackIds[4]!)!;
    expect(first).toMatchObject({ title: 'Track 5', trackNumber: 5, status: 'ready', album: { id: seeded[1]!.albumId, name: 'Album' } });
    expect(first.artists).toEqual([{ id: seeded[1]!.artistId, name: `Artist ${seeded[1]!.artistId}` }]);
  });

  it('leaves unknown, malformed, other-kind and out-of-range ids out, and keeps one entry per repeated id', async () => {
    const { trackIds, albumId } = await seedCatalog(3, 2);
    const asked = ['trk0_doesnotexist0000', trackIds[2]!, 'nonsense', albumId, trackIds[0]!, 'trk99_x', trackIds[2]!];
    expect([...(await loadTracks(env, asked)).keys()]).toEqual([trackIds[2], trackIds[0]]);
    expect(await missingCatalogIds(env, 'track', asked)).toEqual(['trk0_doesnotexist0000', 'nonsense', albumId, 'trk99_x']);
    expect(await loadTracks(env, [])).toEqual(new Map());
  });

  it('shapes summaries that the TrackSummary schema accepts, credits in order and the primary artist when none are written', async () => {
    const { trackIds, artistId } = await seedCatalog(2, 3);
    const db = drizzle(shardDb(env, 'CATALOG', 3));
    await db.insert(trackArtists).values({ trackId: trackIds[0]!, artistId: 'art3_guest', artistName: 'Guest', position: 1 });
    const bare = newIdOn(env, 'trk', 3);
    await db.insert(tracks).values({ id: bare, artistId, title: 'No credits', status: 'processing' });

    const summaries = await loadTrackSummaries(env, [bare, trackIds[0]!]);
    for (const s of summaries.values()) TrackSummary.parse(s);
    expect(summaries.get(trackIds[0]!)!.artists.map((a) => a.name)).toEqual([`Artist ${artistId}`, 'Guest']);
    expect(summaries.get(bare)).toEqual({
      id: bare,
      uri: `encore:track:${bare}`,
      title: 'No credits',
      duration_ms: null,
      explicit: false,
      status: 'processing',
      artists: [{ id: artistId, name: `Artist ${artistId}` }],
      album: null,
      // No audio yet: nothing to preview.
      preview_url: null,
    });
  });

  it('loads albums and artists by id the same way', async () => {
    const a = await seedCatalog(2, 0);
    const b = await seedCatalog(1, 1);
    const albums = await loadAlbums(env, [b.albumId, 'alb0_missing0000000', a.albumId]);
    expect([...albums.keys()]).toEqual([b.albumId, a.albumId]);
    expect(albums.get(a.albumId)).toMatchObject({ name: 'Album', totalTracks: 2, artist: { id: a.artistId } });
    const artists = await loadArtists(env, [a.artistId, b.artistId]);
    expect([...artists.values()].map((r) => r.id)).toEqual([a.artistId, b.artistId]);
  });

  it('chunks at the parameter limit', () => {
    const ids = Array.from({ length: 250 }, (_, i) => String(i));
    expect(chunked(ids).map((c) => c.length)).toEqual([100, 100, 50]);
    expect(chunked(ids).flat()).toEqual(ids);
  });
});

import { type FanoutQueueEnv, queueReleases, releaseDueAlbums } from '#core/catalog/releases.ts';
import { log } from '#core/log.ts';
import { refreshSearchVocabulary } from '../../search/vocabulary.ts';
import { shardOfVirtual, type ShardEnv } from '#core/shards.ts';
import { artistVirtualShardFor, importedAlbumId, importedArtistIds, importedTrackId } from '../catalog-ids.ts';
import { parseCatalogLine, type AlbumLine, type ArtistLine, type CatalogLine, type LyricsLine, type TrackLine } from './line-schemas.ts';
import { ndjsonLines } from './ndjson-lines.ts';
import { lookupAlbums, lookupArtists, lookupTracks, type KnownAlbum, type KnownArtist, type KnownTrack } from './reference-lookup.ts';
import { emptyShardRows, shardWriteStatements, type ShardRows } from './shard-writes.ts';

export interface Rejection {
  line: number;
  error: string;
}

export interface ImportOutcome {
  imported: number;
  rejected: Rejection[];
}

/** Lines resolved per round of reference lookups. */
const CHUNK_LINES = 1000;
/** Rows gathered for one shard before they are written as one batch. */
const FLUSH_ROWS = 400;

interface Pending {
  line: number;
  record: CatalogLine;
}

interface ShardBuffer {
  rows: ShardRows;
  lines: number[];
}

/**
 * Streams an NDJSON catalog into the shards. Lines are validated one by one and
 * gathered per shard into batches; references must point at a record earlier in
 * the file or already in the catalog. Memory holds one chunk of lines, one buffer
 * per shard, and the label-id → id maps of artists and albums. Tracks are known
 * only for the chunk at hand (those it defines, and those its lyrics lines name,
 * looked up once every earlier line is written), so lyrics must follow their track.
 */
export class CatalogImport {
  private readonly artists = new Map<string, KnownArtist>();
  private readonly albums = new Map<string, KnownAlbum>();
  /** Label ids looked up and not found in the catalog (they may still appear later in the file). */
  private readonly absentArtists = new Set<string>();
  private readonly absentAlbums = new Set<string>();
  /** The chunk's tracks by label id: placed by it, or looked up for its lyrics lines. */
  private chunkTracks = new Map<string, KnownTrack>();
  private readonly buffers: ShardBuffer[];
  private readonly inFlight: Promise<void>[];
  /** Batches queued per shard; reading pauses when a shard falls behind, so memory stays bounded. */
  private readonly queued: number[];
  private readonly touched = new Set<number>();
  private readonly rejected: Rejection[] = [];
  private accepted = 0;

  constructor(
    private readonly env: ShardEnv & FanoutQueueEnv,
    private readonly sessions: D1DatabaseSession[],
  ) {
    this.buffers = sessions.map(() => ({ rows: emptyShardRows(), lines: [] }));
    this.inFlight = sessions.map(() => Promise.resolve());
    this.queued = sessions.map(() => 0);
  }

  async run(body: ReadableStream<Uint8Array>): Promise<ImportOutcome> {
    let chunk: Pending[] = [];
    for await (const { line, text, tooLong } of ndjsonLines(body)) {
      if (tooLong) {
        this.reject(line, 'line is longer than 65536 characters');
        continue;
      }
      if (text.trim() === '') continue;
      const parsed = parseCatalogLine(text);
      if (!parsed.ok) {
        this.reject(line, parsed.error);
        continue;
      }
      chunk.push({ line, record: parsed.record });
      if (chunk.length >= CHUNK_LINES) {
        await this.resolveChunk(chunk);
        chunk = [];
      }
    }
    await this.resolveChunk(chunk);
    for (let shard = 0; shard < this.buffers.length; shard++) this.flush(shard);
    await Promise.all(this.inFlight);
    await Promise.all([...this.touched].map((shard) => refreshSearchVocabulary(this.sessions[shard]!)));
    await this.release([...this.touched]);
    this.rejected.sort((a, b) => a.line - b.line);
    return { imported: this.accepted, rejected: this.rejected };
  }

  /** Albums the import made due (a ready track, a release date not in the future) are released and fanned out now. */
  private async release(shards: number[]): Promise<void> {
    const now = Date.now();
    const released = await Promise.all(shards.map((shard) => releaseDueAlbums(this.sessions[shard]!, now)));
    try {
      await queueReleases(this.env, released.flat());
    } catch (err) {
      // Released all the same: the release sweep finds the fan-outs owed and queues them again.
      log('warn', 'release_fanout_send_failed', { worker: 'api', albums: released.flat().length, error: String(err) });
    }
  }

  private reject(line: number, error: string): void {
    this.rejected.push({ line, error });
  }

  /** Looks up, in one round per shard, every reference of the chunk that the file has not defined before it. */
  private async resolveChunk(chunk: Pending[]): Promise<void> {
    if (chunk.length === 0) return;
    const definedArtists = new Set<string>();
    const definedAlbums = new Set<string>();
    const wantArtists = new Set<string>();
    const wantAlbums = new Set<string>();
    const definedTracks = new Set<string>();
    const wantTracks = new Set<string>();
    const unknownArtist = (id: string) => !definedArtists.has(id) && !this.artists.has(id) && !this.absentArtists.has(id);
    for (const { record } of chunk) {
      if (record.type === 'lyrics') {
        if (!definedTracks.has(record.track_id)) wantTracks.add(record.track_id);
        continue;
      }
      if (record.type === 'artist') {
        // The artist may exist under the legacy id form (imported before virtual shards); its rows keep that id.
        if (!this.artists.has(record.id) && !this.absentArtists.has(record.id)) wantArtists.add(record.id);
        definedArtists.add(record.id);
      }
      if (record.type === 'album') {
        if (unknownArtist(record.artist_id)) wantArtists.add(record.artist_id);
        definedAlbums.add(record.id);
      }
      if (record.type === 'track') {
        definedTracks.add(record.id);
        for (const id of record.artist_ids) if (unknownArtist(id)) wantArtists.add(id);
        const album = record.album_id;
        if (album && !definedAlbums.has(album) && !this.albums.has(album) && !this.absentAlbums.has(album)) wantAlbums.add(album);
      }
    }
    await this.lookUp([...wantArtists], [...wantAlbums]);
    this.chunkTracks = await this.lookUpTracks([...wantTracks]);
    for (const pending of chunk) await this.place(pending);
    await Promise.all(this.inFlight.filter((_, shard) => this.queued[shard]! > 2));
  }

  private async lookUp(artistExternalIds: string[], albumExternalIds: string[]): Promise<void> {
    const candidates = new Map<string, { id: string; legacy: string }>();
    for (const ext of artistExternalIds) candidates.set(ext, await importedArtistIds(ext));
    const ids = [...candidates.values()].flatMap((c) => [c.id, c.legacy]);
    const [artists, albums] = await Promise.all([lookupArtists(this.env, this.sessions, ids), lookupAlbums(this.sessions, albumExternalIds)]);
    for (const [ext, c] of candidates) {
      const found = artists.get(c.id) ?? artists.get(c.legacy);
      if (found) this.artists.set(ext, found);
      else this.absentArtists.add(ext);
    }
    for (const ext of albumExternalIds) {
      const found = albums.get(ext);
      if (found) this.albums.set(ext, found);
      else this.absentAlbums.add(ext);
    }
  }

  /** Earlier lines may still sit in buffers: they are written first, so a track of an earlier chunk is found (or its failure known). */
  private async lookUpTracks(externalIds: string[]): Promise<Map<string, KnownTrack>> {
    if (externalIds.length === 0) return new Map();
    for (let shard = 0; shard < this.buffers.length; shard++) this.flush(shard);
    await Promise.all(this.inFlight);
    return lookupTracks(this.sessions, externalIds);
  }

  private async place({ line, record }: Pending): Promise<void> {
    if (record.type === 'artist') return this.placeArtist(line, record);
    if (record.type === 'album') return this.placeAlbum(line, record);
    if (record.type === 'lyrics') return this.placeLyrics(line, record);
    return this.placeTrack(line, record);
  }

  private placeLyrics(line: number, l: LyricsLine): void {
    const track = this.chunkTracks.get(l.track_id);
    if (track) this.add(track.shard, line, (rows) => rows.lyrics.push({ trackId: track.id, lyrics: l.lrc }));
    else this.reject(line, unknown('track_id', 'track', l.track_id));
  }

  private async placeArtist(line: number, a: ArtistLine): Promise<void> {
    const known = this.artists.get(a.id);
    const id = known?.id ?? (await importedArtistIds(a.id)).id;
    const shard = known?.shard ?? shardOfVirtual(this.env, 'CATALOG', artistVirtualShardFor(a.id));
    this.artists.set(a.id, { id, shard, name: a.name });
    this.absentArtists.delete(a.id);
    this.add(shard, line, (rows) => rows.artists.push({ id, name: a.name, externalId: a.id }));
  }

  private async placeAlbum(line: number, a: AlbumLine): Promise<void> {
    const artist = this.artists.get(a.artist_id);
    if (!artist) return this.reject(line, unknown('artist_id', 'artist', a.artist_id));
    const id = await importedAlbumId(a.id, artist.id);
    this.albums.set(a.id, { id, shard: artist.shard, artistId: artist.id });
    this.absentAlbums.delete(a.id);
    this.add(artist.shard, line, (rows) => rows.albums.push({ id, artistId: artist.id, name: a.name, releaseDate: a.release_date ?? null, externalId: a.id }));
  }

  private async placeTrack(line: number, t: TrackLine): Promise<void> {
    const credits: KnownArtist[] = [];
    for (const [i, ext] of t.artist_ids.entries()) {
      const artist = this.artists.get(ext);
      if (!artist) return this.reject(line, unknown(`artist_ids.${i}`, 'artist', ext));
      credits.push(artist);
    }
    let album: KnownAlbum | undefined;
    if (t.album_id) {
      album = this.albums.get(t.album_id);
      if (!album) return this.reject(line, unknown('album_id', 'album', t.album_id));
    }
    const first = credits[0]!;
    // A track lives with its album (album rows reference it within one database); without one, with its first artist.
    const shard = album?.shard ?? first.shard;
    const primaryArtistId = first.shard === shard ? first.id : album!.artistId;
    const id = await importedTrackId(t.id, album?.id ?? first.id);
    this.chunkTracks.set(t.id, { id, shard });
    this.add(shard, line, (rows) =>
      rows.tracks.push({
        id,
        artistId: primaryArtistId,
        albumId: album?.id ?? null,
        title: t.title,
        durationMs: t.duration_ms ?? null,
        genre: t.genre ?? null,
        trackNumber: t.track_number ?? null,
        explicit: t.explicit,
        popularity: t.popularity,
        externalId: t.id,
        credits: credits.map((c) => ({ artistId: c.id, name: c.name })),
      }),
    );
  }

  private add(shard: number, line: number, push: (rows: ShardRows) => void): void {
    const buffer = this.buffers[shard]!;
    push(buffer.rows);
    buffer.lines.push(line);
    this.accepted += 1;
    if (buffer.lines.length >= FLUSH_ROWS) this.flush(shard);
  }

  /** Writes one shard's buffer; at most one write per shard is in flight, so a shard's batches land in file order. */
  private flush(shard: number): void {
    const buffer = this.buffers[shard]!;
    if (buffer.lines.length === 0) return;
    this.buffers[shard] = { rows: emptyShardRows(), lines: [] };
    this.touched.add(shard);
    const session = this.sessions[shard]!;
    this.queued[shard]! += 1;
    this.inFlight[shard] = this.inFlight[shard]!.then(async () => {
      try {
        await session.batch(shardWriteStatements(session, buffer.rows));
      } catch (err) {
        log('error', 'catalog_import_batch_failed', { worker: 'api', shard, lines: buffer.lines.length, error: err });
        const reason = `could not be stored: ${String((err as Error)?.message ?? err).slice(0, 200)}`;
        this.accepted -= buffer.lines.length;
        for (const line of buffer.lines) this.reject(line, reason);
      } finally {
        this.queued[shard]! -= 1;
      }
    });
  }
}

const unknown = (field: string, kind: string, id: string): string =>
  `${field}: unknown ${kind} ${JSON.stringify(id)} (not defined earlier in this file nor in the catalog)`;

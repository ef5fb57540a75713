import { IMAGE_SIZES, imageUrl, type ImageSize } from '#core/artwork/images.ts';
import { loadAlbums, loadArtists, loadTracks } from '#core/catalog/reads.ts';
import { withRequestId } from '#core/http/request-id.ts';
import { parseId } from '#core/ids.ts';
import { listedPlaylistsById } from '../../playlists/listing.ts';
import { SubsonicCode, SubsonicError } from '../errors.ts';
import type { MethodContext, MethodTable } from '../method.ts';

/**
 * getCoverArt: the `coverArt` ids the shapes hand out are album, artist or
 * playlist ids (a song's is its album's; a song id works too), served from the
 * artwork squares (core/artwork/images.ts) by the stream worker, as the
 * `images` URLs are. `size` picks the smallest square at least that large.
 */
const noCover = (id: string) => new SubsonicError(SubsonicCode.notFound, `No cover art for ${JSON.stringify(id)}.`);

export function squareFor(size: number | null): ImageSize {
  const ascending = [...IMAGE_SIZES].sort((a, b) => a - b);
  if (size === null) return ascending.at(-1)!;
  return ascending.find((s) => s >= size) ?? ascending.at(-1)!;
}

async function imageHashOf(env: Env, userId: string, id: string): Promise<string | null | undefined> {
  switch (parseId(id)?.kind) {
    case 'alb':
      return (await loadAlbums(env, [id])).get(id)?.imageHash;
    case 'art':
      return (await loadArtists(env, [id])).get(id)?.imageHash;
    case 'trk':
      return (await loadTracks(env, [id])).get(id)?.album?.imageHash;
    case 'pl':
      // Only a playlist the caller may see (the room's rule over the D1 copy, as listings apply it).
      return (await listedPlaylistsById(env, [id], userId, (row) => row.imageHash)).get(id);
    default:
      return null;
  }
}

async function coverArt({ env, params, user, request, requestId }: MethodContext): Promise<Response> {
  const id = params.required('id');
  const hash = await imageHashOf(env, user.id, id);
  if (!hash) throw noCover(id);
  const size = params.get('size') ? squareFor(params.int('size', 0, 1, 10_000)) : squareFor(null);
  const res = await env.STREAM.fetch(
    withRequestId(new Request(new URL(imageUrl(hash, size), request.url), { headers: pick(request, 'If-None-Match') }), requestId),
  );
  if (res.status === 404) throw noCover(id);
  return res;
}

const pick = (request: Request, name: string): Record<string, string> => {
  const value = request.headers.get(name);
  return value ? { [name]: value } : {};
};

export const coverArtMethods: MethodTable = { getCoverArt: { run: coverArt } };

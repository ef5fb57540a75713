import { loadTracks } from '#core/catalog/reads.ts';
import { withRequestId } from '#core/http/request-id.ts';
import { tierCeilingKbps } from '#core/protocol/tiers.ts';
import { signingKeysFrom, signPath } from '#core/signing.ts';
import { SubsonicCode, SubsonicError } from '../errors.ts';
import type { MethodContext, MethodTable } from '../method.ts';

/**
 * `stream` (and `download`): the track's AAC ladder as one progressive fMP4,
 * served by the stream worker (it owns media; this worker only decides what
 * the listener may have and signs that): the rendition under `maxBitRate` and
 * the listener's tier (core/protocol/tiers.ts, as their master playlists), from
 * the segment holding `timeOffset` (OpenSubsonic transcodeOffset). Nothing is
 * transcoded at request time; `format` is ignored.
 */
/** The progressive path's `maxKbps` has at most 5 digits: an uncapped tier asks for this. */
const NO_CAP_KBPS = 99_999;
/** The signed path is fetched at once, by this worker: it need not live long. */
const SIGNED_FOR_SECONDS = 60;
const FORWARDED_HEADERS = ['Range', 'If-Range'];

async function stream({ env, params, user, request, requestId }: MethodContext, capToRequest: boolean): Promise<Response> {
  const id = params.required('id');
  const track = (await loadTracks(env, [id])).get(id);
  if (track?.status !== 'ready' || !track.audioHash) throw new SubsonicError(SubsonicCode.notFound, `No playable song with id ${JSON.stringify(id)}.`);
  const requested = capToRequest ? params.int('maxBitRate', 0, 0, NO_CAP_KBPS) : 0;
  const tierMax = Math.min(tierCeilingKbps(user.product), NO_CAP_KBPS);
  const maxKbps = requested > 0 ? Math.min(requested, tierMax) : tierMax;
  const offsetSeconds = capToRequest ? params.int('timeOffset', 0, 0, 999_999) : 0;
  const path = `/media/progressive/${track.audioHash}/${maxKbps}/${offsetSeconds}.mp4`;
  const signed = await signPath(path, Math.floor(Date.now() / 1000) + SIGNED_FOR_SECONDS, signingKeysFrom(env));
  const headers = new Headers();
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  const forwarded = new Request(new URL(signed, request.url), { method: request.method === 'HEAD' ? 'HEAD' : 'GET', headers });
  const res = await env.STREAM.fetch(withRequestId(forwarded, requestId));
  if (res.status === 404) throw new SubsonicError(SubsonicCode.notFound, `The audio of song ${JSON.stringify(id)} is not available.`);
  return res;
}

export const streamMethods: MethodTable = {
  stream: { run: (ctx) => stream(ctx, true) },
  download: { run: (ctx) => stream(ctx, false) },
};

import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { log } from '#core/log.ts';
import { clientAddress } from '../auth/attempt-limits.ts';
import { authenticate } from './auth.ts';
import { failedResponse, formatOf, genericFailure, okResponse, type Format } from './envelope.ts';
import { SubsonicCode, SubsonicError, subsonicErrorOf } from './errors.ts';
import type { MethodTable, SubsonicMethod } from './method.ts';
import { albumListMethods } from './methods/album-lists.ts';
import { browsingMethods } from './methods/browsing.ts';
import { coverArtMethods } from './methods/cover-art.ts';
import { genreMethods } from './methods/genres.ts';
import { listeningMethods } from './methods/listening.ts';
import { lyricsMethods } from './methods/lyrics.ts';
import { playlistMethods } from './methods/playlists.ts';
import { searchMethods } from './methods/search.ts';
import { starredMethods } from './methods/starred.ts';
import { streamMethods } from './methods/stream.ts';
import { systemMethods } from './methods/system.ts';
import { SubsonicParams } from './params.ts';

/** Every method /rest answers, by name (`/rest/ping` and `/rest/ping.view` alike). */
const METHODS: MethodTable = {
  ...systemMethods,
  ...browsingMethods,
  ...albumListMethods,
  ...searchMethods,
  ...starredMethods,
  ...playlistMethods,
  ...listeningMethods,
  ...streamMethods,
  ...lyricsMethods,
  ...coverArtMethods,
  ...genreMethods,
};

type RestEnv = { Bindings: Env; Variables: { requestId: string } };

/**
 * `/rest/{method}[.view]`: the OpenSubsonic API over the shared services.
 * GET or POST (formPost), `f=json` or XML; every refusal is HTTP 200 with
 * `status: "failed"` and a Subsonic error code, never a stack trace.
 */
export const subsonicRoutes = new Hono<RestEnv>();

// Browser-based Subsonic apps call from their own origin. Credentials travel in the parameters, never in cookies, so any origin may.
subsonicRoutes.use(
  '/rest/*',
  cors({ origin: '*', allowMethods: ['GET', 'POST', 'HEAD', 'OPTIONS'], exposeHeaders: ['Content-Length', 'Content-Range', 'Accept-Ranges'] }),
);

subsonicRoutes.on(['GET', 'POST'], '/rest/:method', async (c) => {
  let format: Format = formatOf(new URL(c.req.url).searchParams.get('f') ?? undefined);
  try {
    const params = await SubsonicParams.of(c.req.raw);
    format = formatOf(params.get('f'));
    const name = c.req.param('method').replace(/\.view$/, '');
    const method = Object.hasOwn(METHODS, name) ? METHODS[name] : undefined;
    if (!method) throw new SubsonicError(SubsonicCode.notFound, `Unknown method ${JSON.stringify(name)}.`);
    const result = await run(c, method, params);
    return result instanceof Response ? result : okResponse(format, result);
  } catch (err) {
    const known = subsonicErrorOf(err);
    if (known) return failedResponse(format, known);
    log('error', 'unhandled_error', {
      worker: 'api',
      request_id: c.var.requestId ?? null,
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      error: err,
    });
    return genericFailure(format);
  }
});

async function run(c: Context<RestEnv>, method: SubsonicMethod, params: SubsonicParams) {
  const presentsCredentials = ['u', 'apiKey', 't', 'p'].some((name) => params.has(name));
  const user = method.public && !presentsCredentials ? null : await authenticate(c.env, params, clientAddress(c.req.raw));
  return method.run({
    env: c.env,
    params,
    user: user!,
    request: c.req.raw,
    requestId: c.var.requestId,
    waitUntil: (p) => c.executionCtx.waitUntil(p),
  });
}

import { createMiddleware } from 'hono/factory';
import { Forbidden } from '#core/errors.ts';
import { SOURCE_URL_TTL_SECONDS } from '#core/protocol/transcode.ts';
import { signingKeysFrom, verifySignedUrl, type SignatureScope, type SigningKeys } from '#core/signing.ts';

export interface SignedVariables {
  /** The verified `exp` of the request: everything handed out from it expires then too. */
  signedUntil: number;
  signing: SigningKeys;
  /** The verified scope (`preview`: playlists cut to the preview), which everything handed out from it carries too. */
  signedScope: SignatureScope | null;
  /** The license an `offline` signature names (core/protocol/offline.ts); unset for every other scope. */
  signedLicense: string | undefined;
}

const refusals = {
  missing: ['signature_missing', 'This media URL is not signed.'],
  expired: ['signature_expired', 'This media URL has expired; ask the API for a fresh one.'],
  too_long: ['signature_invalid', 'This media URL expires later than any URL Encore issues.'],
  unknown_key: ['signature_invalid', 'This media URL was signed with a key that is not accepted.'],
  bad_signature: ['signature_invalid', 'This media URL has an invalid signature.'],
} as const;

let parsed: { raw: string; id: string; keys: SigningKeys } | undefined;

/** Parses `SIGNING_KEYS` once per isolate (and again only if the secret changes). */
export function signingKeys(env: Env): SigningKeys {
  if (parsed?.raw !== env.SIGNING_KEYS || parsed.id !== env.SIGNING_KEY_ID) {
    parsed = { raw: env.SIGNING_KEYS, id: env.SIGNING_KEY_ID, keys: signingKeysFrom(env) };
  }
  return parsed.keys;
}

/** Playback URLs live as long as the api worker's STREAM_URL_TTL_SECONDS. */
export const playbackLifetime = (env: Env): number => Number(env.STREAM_URL_TTL_SECONDS);
/** Source URLs are minted by the queue consumer for one job and live much shorter. */
export const sourceLifetime = (): number => SOURCE_URL_TTL_SECONDS;

/**
 * Refuses (403) any request whose `exp`/`kid`/`sig` do not sign its exact path,
 * or whose expiry lies further ahead than the route ever issues (`maxLifetime`).
 */
export function requireSignature(maxLifetime: (env: Env) => number) {
  return createMiddleware<{ Bindings: Env; Variables: SignedVariables }>(async (c, next) => {
    const url = new URL(c.req.url);
    const signing = signingKeys(c.env);
    const maxLifetimeSeconds = maxLifetime(c.env);
    if (!Number.isFinite(maxLifetimeSeconds) || maxLifetimeSeconds <= 0) throw new Error('the media URL lifetime is not configured');
    const check = await verifySignedUrl(url, signing, { maxLifetimeSeconds });
    if (!check.ok) {
      const [code, message] = refusals[check.reason];
      throw new Forbidden(message, code);
    }
    c.set('signedUntil', Number(url.searchParams.get('exp')));
    c.set('signing', signing);
    c.set('signedScope', check.scope);
    c.set('signedLicense', check.license);
    await next();
  });
}

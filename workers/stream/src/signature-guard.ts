import { createMiddleware } from 'hono/factory';
import { Forbidden } from '../../../core/errors.ts';
import { signingKeysFrom, verifySignedUrl, type SigningKeys } from '../../../core/signing.ts';

export interface SignedVariables {
  /** The verified `exp` of the request: everything handed out from it expires then too. */
  signedUntil: number;
  signing: SigningKeys;
}

const refusals = {
  missing: ['signature_missing', 'This media URL is not signed.'],
  expired: ['signature_expired', 'This media URL has expired; ask the API for a fresh one.'],
  unknown_key: ['signature_invalid', 'This media URL was signed with a key that is no longer accepted.'],
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

/** Refuses (403) any request whose `exp`/`kid`/`sig` do not sign its exact path. */
export const requireSignature = createMiddleware<{ Bindings: Env; Variables: SignedVariables }>(async (c, next) => {
  const url = new URL(c.req.url);
  const signing = signingKeys(c.env);
  const check = await verifySignedUrl(url, signing);
  if (!check.ok) {
    const [code, message] = refusals[check.reason];
    throw new Forbidden(message, code);
  }
  c.set('signedUntil', Number(url.searchParams.get('exp')));
  c.set('signing', signing);
  await next();
});

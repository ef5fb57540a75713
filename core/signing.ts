/**
 * Signed media URLs: HMAC-SHA256 over a versioned text naming the key id, the
 * path and the expiry, so keys can rotate (sign with the current key, accept any
 * key still listed) and a signature never verifies under another key id.
 *
 *   /media/hls/ab12/master.m3u8?exp=1767225600&kid=k2&sig=<base64url>
 *
 * A signature may carry a scope (`&scope=preview`), which is part of what is
 * signed: the stream worker serves a scoped URL differently (a preview lists
 * only the first 30 s; `free`, only the free tier's renditions, core/protocol/tiers.ts),
 * and removing or changing the scope breaks the MAC. An `offline` signature also
 * names the license it was issued under (`&lic=<user>.<track>.<epoch>`, core/protocol/offline.ts),
 * signed too: the stream worker encrypts what it serves under that license's key.
 *
 * Keys come from the `SIGNING_KEYS` secret, a JSON object `{"k1":"...","k2":"..."}`,
 * and `SIGNING_KEY_ID` names the one used for new signatures.
 */
export interface SigningKeys {
  current: string;
  /** Only the configured keys: a Map, so no inherited member can pose as a key. */
  keys: ReadonlyMap<string, string>;
}

/**
 * What a signature may be limited to: `preview`, the first seconds of a track
 * (core/protocol/preview.ts); `free`, the renditions of the free tier
 * (core/protocol/tiers.ts); `offline`, a premium download whose media segments
 * are encrypted under the listener's offline license (core/offline-key.ts).
 */
export const SIGNATURE_SCOPES = ['preview', 'free', 'offline'] as const;
export type SignatureScope = (typeof SIGNATURE_SCOPES)[number];

export type SignatureCheck =
  | { ok: true; scope: SignatureScope | null; license?: string }
  | { ok: false; reason: 'missing' | 'expired' | 'too_long' | 'unknown_key' | 'bad_signature' };

export interface VerifyOptions {
  /** The longest lifetime this route hands out: an `exp` further than now + this + skew is refused. */
  maxLifetimeSeconds: number;
  nowSeconds?: number;
}

/** Clock difference tolerated between the worker that signs and the one that verifies. */
export const CLOCK_SKEW_SECONDS = 60;

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** Parses `SIGNING_KEYS`; throws on anything but an object of non-empty string secrets under plain ids. */
export function parseSigningKeys(json: string, currentId: string): SigningKeys {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error('SIGNING_KEYS is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('SIGNING_KEYS must be a JSON object of key id → secret');
  const keys = new Map<string, string>();
  for (const [id, secret] of Object.entries(parsed)) {
    if (!KEY_ID.test(id)) throw new Error(`SIGNING_KEYS key id "${id}" must be 1-32 letters, digits, "_" or "-"`);
    if (typeof secret !== 'string' || secret === '') throw new Error(`SIGNING_KEYS["${id}"] must be a non-empty string`);
    keys.set(id, secret);
  }
  if (!keys.has(currentId)) throw new Error(`SIGNING_KEY_ID ${currentId} is not in SIGNING_KEYS`);
  return { current: currentId, keys };
}

export function signingKeysFrom(env: { SIGNING_KEYS: string; SIGNING_KEY_ID: string }): SigningKeys {
  return parseSigningKeys(env.SIGNING_KEYS, env.SIGNING_KEY_ID);
}

const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keyCache.set(secret, key);
  }
  return key;
}

/**
 * What is signed. The version prefix keeps it apart from any other MAC under
 * the same key; newlines cannot occur in a key id, a URL path or a number.
 */
// TextEncoder always returns a fresh ArrayBuffer; saying so lets DOM-typed (Node) callers compile too.
// An unscoped payload is the one of before scopes, so URLs already issued still verify.
// A license only ever follows the `offline` scope, so the two lines cannot be confused.
function payload(kid: string, path: string, expiresAt: number, scope: SignatureScope | null, license: string | null): Uint8Array<ArrayBuffer> {
  const text = `encore-media-v2\n${kid}\n${path}\n${expiresAt}${scope ? `\n${scope}` : ''}${license ? `\n${license}` : ''}`;
  return encoder.encode(text) as Uint8Array<ArrayBuffer>;
}

const isScope = (value: string): value is SignatureScope => (SIGNATURE_SCOPES as readonly string[]).includes(value);
/** What a license reference may contain: ids and digits joined by dots, nothing a payload line could be split on. */
const LICENSE_REF = /^[A-Za-z0-9_.-]{1,200}$/;

export function toBase64Url(bytes: ArrayBuffer): string {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(s: string): Uint8Array<ArrayBuffer> | null {
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

/**
 * Returns `path?exp=..&kid=..&sig=..` (with `&scope=..`, and for `offline` `&lic=..`, before `sig`) for an
 * absolute path such as `/media/hls/x/master.m3u8`. An `offline` signature needs its license reference.
 */
export async function signPath(
  path: string,
  expiresAt: number,
  signing: SigningKeys,
  scope: SignatureScope | null = null,
  license: string | null = null,
): Promise<string> {
  const secret = signing.keys.get(signing.current);
  if (secret === undefined) throw new Error(`signing key ${signing.current} is not configured`);
  if ((scope === 'offline') !== (license !== null)) throw new Error('an offline signature, and only one, names its license');
  if (license !== null && !LICENSE_REF.test(license)) throw new Error(`license reference ${JSON.stringify(license)} is malformed`);
  const sig = await crypto.subtle.sign('HMAC', await hmacKey(secret), payload(signing.current, path, expiresAt, scope, license));
  const lic = license ? `&lic=${license}` : '';
  return `${path}?exp=${expiresAt}&kid=${encodeURIComponent(signing.current)}${scope ? `&scope=${scope}` : ''}${lic}&sig=${toBase64Url(sig)}`;
}

/** Checks the `exp`, `kid` and `sig` query parameters of a URL against its path. */
export async function verifySignedUrl(url: URL, signing: SigningKeys, options: VerifyOptions): Promise<SignatureCheck> {
  const nowSeconds = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const exp = url.searchParams.get('exp');
  const kid = url.searchParams.get('kid');
  const sig = url.searchParams.get('sig');
  const scopeParam = url.searchParams.get('scope');
  if (!exp || !kid || !sig || !/^\d{1,12}$/.test(exp)) return { ok: false, reason: 'missing' };
  // An unknown scope is no scope this key ever signed.
  if (scopeParam !== null && !isScope(scopeParam)) return { ok: false, reason: 'bad_signature' };
  const scope = scopeParam;
  const license = url.searchParams.get('lic');
  if ((scope === 'offline') !== (license !== null) || (license !== null && !LICENSE_REF.test(license))) return { ok: false, reason: 'bad_signature' };
  const secret = signing.keys.get(kid);
  if (secret === undefined) return { ok: false, reason: 'unknown_key' };
  const sigBytes = fromBase64Url(sig);
  if (!sigBytes) return { ok: false, reason: 'bad_signature' };
  const valid = await crypto.subtle.verify('HMAC', await hmacKey(secret), sigBytes, payload(kid, url.pathname, Number(exp), scope, license));
  if (!valid) return { ok: false, reason: 'bad_signature' };
  // Expiry is checked after the MAC so a forged expiry never reads as merely "expired".
  if (Number(exp) < nowSeconds) return { ok: false, reason: 'expired' };
  // Even with a genuine MAC: nothing is issued for longer, so no URL outlives the route's TTL.
  if (Number(exp) > nowSeconds + options.maxLifetimeSeconds + CLOCK_SKEW_SECONDS) return { ok: false, reason: 'too_long' };
  return license === null ? { ok: true, scope } : { ok: true, scope, license };
}

/**
 * Signed media URLs: HMAC-SHA256 over the path and expiry, with a key id so keys
 * can rotate (sign with the current key, accept any key still listed).
 *
 *   /media/hls/ab12/master.m3u8?exp=1767225600&kid=k2&sig=<base64url>
 *
 * Keys come from the `SIGNING_KEYS` secret, a JSON object `{"k1":"...","k2":"..."}`,
 * and `SIGNING_KEY_ID` names the one used for new signatures.
 */
export interface SigningKeys {
  current: string;
  keys: Record<string, string>;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'expired' | 'unknown_key' | 'bad_signature' };

export function signingKeysFrom(env: { SIGNING_KEYS: string; SIGNING_KEY_ID: string }): SigningKeys {
  const keys = JSON.parse(env.SIGNING_KEYS) as Record<string, string>;
  if (!keys[env.SIGNING_KEY_ID]) throw new Error(`SIGNING_KEY_ID ${env.SIGNING_KEY_ID} is not in SIGNING_KEYS`);
  return { current: env.SIGNING_KEY_ID, keys };
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

// TextEncoder always returns a fresh ArrayBuffer; saying so lets DOM-typed (Node) callers compile too.
function payload(path: string, expiresAt: number): Uint8Array<ArrayBuffer> {
  return encoder.encode(`${path}\n${expiresAt}`) as Uint8Array<ArrayBuffer>;
}

function toBase64Url(bytes: ArrayBuffer): string {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array<ArrayBuffer> | null {
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

/** Returns `path?exp=..&kid=..&sig=..` for an absolute path such as `/media/hls/x/master.m3u8`. */
export async function signPath(path: string, expiresAt: number, signing: SigningKeys): Promise<string> {
  const secret = signing.keys[signing.current]!;
  const sig = await crypto.subtle.sign('HMAC', await hmacKey(secret), payload(path, expiresAt));
  return `${path}?exp=${expiresAt}&kid=${encodeURIComponent(signing.current)}&sig=${toBase64Url(sig)}`;
}

/** Checks the `exp`, `kid` and `sig` query parameters of a URL against its path. */
export async function verifySignedUrl(url: URL, signing: SigningKeys, nowSeconds = Math.floor(Date.now() / 1000)): Promise<SignatureCheck> {
  const exp = url.searchParams.get('exp');
  const kid = url.searchParams.get('kid');
  const sig = url.searchParams.get('sig');
  if (!exp || !kid || !sig || !/^\d+$/.test(exp)) return { ok: false, reason: 'missing' };
  const secret = signing.keys[kid];
  if (!secret) return { ok: false, reason: 'unknown_key' };
  const sigBytes = fromBase64Url(sig);
  if (!sigBytes) return { ok: false, reason: 'bad_signature' };
  const valid = await crypto.subtle.verify('HMAC', await hmacKey(secret), sigBytes, payload(url.pathname, Number(exp)));
  if (!valid) return { ok: false, reason: 'bad_signature' };
  // Expiry is checked after the MAC so a forged expiry never reads as merely "expired".
  if (Number(exp) < nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true };
}

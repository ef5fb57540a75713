import { fromBase64url, toBase64url } from '#core/base64url.ts';
/**
 * App passwords are stored encrypted, not hashed: token auth sends
 * md5(password + salt), so the server must know the password to check it.
 * AES-GCM under a key derived from the SUBSONIC_SECRET secret; the user id is
 * the associated data, so a ciphertext copied to another user's row fails.
 */
const encoder = new TextEncoder();
const VERSION = 'v1';

async function keyOf(secret: string): Promise<CryptoKey> {
  if (!secret) throw new Error('SUBSONIC_SECRET is not set');
  const material = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: encoder.encode('encore subsonic app passwords v1') },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export async function seal(secret: string, userId: string, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(userId) }, await keyOf(secret), encoder.encode(plaintext));
  return `${VERSION}.${toBase64url(iv)}.${toBase64url(new Uint8Array(sealed))}`;
}

/** Null when the box is not ours (another version, another user, another key, tampered). */
export async function open(secret: string, userId: string, box: string): Promise<string | null> {
  const [version, iv, data] = box.split('.');
  if (version !== VERSION || !iv || !data) return null;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64url(iv), additionalData: encoder.encode(userId) },
      await keyOf(secret),
      fromBase64url(data),
    );
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}

import { fromBase64url, toBase64url } from '#core/base64url.ts';
/**
 * PBKDF2-SHA256 password hashes with WebCrypto. 100,000 iterations is the most
 * the Workers runtime allows; the format records it so it can rise later.
 */
const ITERATIONS = 100_000;
const encoder = new TextEncoder();

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, ITERATIONS);
  return `pbkdf2-sha256$${ITERATIONS}$${toBase64url(salt)}$${toBase64url(hash)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterations, salt, expected] = stored.split('$');
  if (scheme !== 'pbkdf2-sha256' || !iterations || !salt || !expected) return false;
  const actual = await derive(password, fromBase64url(salt), Number(iterations));
  const wanted = fromBase64url(expected);
  if (actual.length !== wanted.length) return false;
  // Constant-time comparison: timingSafeEqual is a Workers extension of SubtleCrypto.
  return crypto.subtle.timingSafeEqual(actual, wanted);
}

/** A password check of equal cost for unknown emails, so response time does not reveal which emails exist. */
export async function burnPasswordCheck(password: string): Promise<void> {
  await derive(password, new Uint8Array(16), ITERATIONS);
}

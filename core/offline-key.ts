/**
 * The keys of offline copies (core/protocol/offline.ts): AES-128, one per
 * listener, track and license epoch, derived with HKDF-SHA256 from the
 * OFFLINE_KEY_SECRET both the api worker (which hands a key to its licensee)
 * and the stream worker (which encrypts under it) hold. Nothing is stored:
 * the same inputs always give the same key, and a new grant a new one.
 */
import { formatLicenseRef, type LicenseRef } from './protocol/offline.ts';

const encoder = new TextEncoder();
const SALT = encoder.encode('encore-offline-key-v1');

const secrets = new Map<string, Promise<CryptoKey>>();
function hkdfKey(secret: string): Promise<CryptoKey> {
  let key = secrets.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveBits']);
    secrets.set(secret, key);
  }
  return key;
}

/** The 16 raw key bytes: what the license endpoint answers and `#EXT-X-KEY` players decrypt with. */
export async function offlineKeyBytes(secret: string, ref: LicenseRef): Promise<ArrayBuffer> {
  if (!secret) throw new Error('OFFLINE_KEY_SECRET is not configured');
  const info = encoder.encode(formatLicenseRef(ref));
  return crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: SALT, info }, await hkdfKey(secret), 128);
}

/** The same key as an AES-CBC CryptoKey for encrypting (HLS AES-128 is AES-128-CBC with PKCS#7 padding). */
export async function offlineEncryptionKey(secret: string, ref: LicenseRef): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', await offlineKeyBytes(secret, ref), { name: 'AES-CBC' }, false, ['encrypt']);
}

/**
 * A segment's IV, from its name inside the ladder (`256k/seg_00001.m4s`): written
 * into the playlist as `IV=0x…`, so it need not be secret, but it differs for every
 * segment (CBC under one key must not repeat an IV).
 */
export async function segmentIv(segmentName: string): Promise<Uint8Array<ArrayBuffer>> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(`encore-offline-iv\n${segmentName}`));
  return new Uint8Array(digest.slice(0, 16));
}

export const ivHex = (iv: Uint8Array): string => `0x${[...iv].map((b) => b.toString(16).padStart(2, '0')).join('')}`;

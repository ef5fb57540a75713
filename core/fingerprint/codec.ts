/**
 * A Chromaprint fingerprint in its raw form: one 32-bit sub-fingerprint per
 * ~0.124 s of audio (`fpcalc -raw`). It travels and is stored as the
 * little-endian bytes of that array, base64 in JSON and a BLOB in D1.
 */
export type RawFingerprint = Uint32Array;

/** Seconds of audio per sub-fingerprint: Chromaprint's hop of 4096/3 samples at 11025 Hz. */
export const SECONDS_PER_ITEM = 4096 / 3 / 11025;

export function fingerprintToBytes(fingerprint: RawFingerprint): Uint8Array {
  const bytes = new Uint8Array(fingerprint.length * 4);
  const view = new DataView(bytes.buffer);
  for (const [i, value] of fingerprint.entries()) view.setUint32(i * 4, value, true);
  return bytes;
}

export function fingerprintFromBytes(bytes: Uint8Array): RawFingerprint {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Uint32Array.from({ length: Math.floor(bytes.byteLength / 4) }, (_, i) => view.getUint32(i * 4, true));
}

export function fingerprintToBase64(fingerprint: RawFingerprint): string {
  let text = '';
  for (const byte of fingerprintToBytes(fingerprint)) text += String.fromCharCode(byte);
  return btoa(text);
}

export function fingerprintFromBase64(text: string): RawFingerprint {
  return fingerprintFromBytes(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));
}

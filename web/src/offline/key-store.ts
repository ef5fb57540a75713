/**
 * The keys of downloaded tracks, in IndexedDB: each a non-extractable AES-CBC
 * CryptoKey (the raw bytes from the license endpoint are imported and dropped,
 * so neither this page nor anything reading the browser's storage can export
 * them) with the license's expiry. The service worker (public/sw.js) reads the
 * same store, by the same names, to decrypt segments as it serves them.
 */

const DB_NAME = 'encore-offline';
const STORE = 'keys';

export interface StoredKey {
  key: CryptoKey;
  /** Epoch ms: the license's expiry when the key was last fetched; the service worker refuses the key from then on. */
  expires_at: number;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function run<T>(mode: IDBTransactionMode, op: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const req = op(db.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  } finally {
    db.close();
  }
}

export async function storeKey(trackId: string, rawKey: ArrayBuffer, expiresAt: number): Promise<void> {
  const key = await crypto.subtle.importKey('raw', rawKey, { name: 'AES-CBC' }, false, ['decrypt']);
  const record: StoredKey = { key, expires_at: expiresAt };
  await run('readwrite', (store) => store.put(record, trackId));
}

export const storedKey = (trackId: string): Promise<StoredKey | undefined> =>
  run('readonly', (store) => store.get(trackId) as IDBRequest<StoredKey | undefined>);

export const deleteKey = (trackId: string): Promise<undefined> => run('readwrite', (store) => store.delete(trackId));

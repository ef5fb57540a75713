import { homeDb } from '#core/shards.ts';
import { randomToken } from '#core/ids.ts';

/** 10 base62 characters: 8 × 10^17 codes, so links cannot be walked by guessing. */
export const SHARE_CODE_LENGTH = 10;
export const SHARE_CODE = /^[0-9A-Za-z]{10}$/;

/**
 * The code of a uri's link, made on first share. Links live in the catalog's
 * home database (core/db/catalog-share-links.ts says why); the unique uri makes
 * two concurrent first shares agree on one code.
 */
export async function shareCodeFor(env: Env, uri: string): Promise<string> {
  const db = homeDb(env, 'CATALOG');
  const row = await db
    .prepare('INSERT INTO share_links (code, uri, created_at) VALUES (?, ?, ?) ON CONFLICT(uri) DO UPDATE SET uri = excluded.uri RETURNING code')
    .bind(randomToken(SHARE_CODE_LENGTH), uri, Date.now())
    .first<{ code: string }>();
  return row!.code;
}

/** The uri a code names, or null. */
export async function sharedUri(env: Env, code: string): Promise<string | null> {
  if (!SHARE_CODE.test(code)) return null;
  const row = await homeDb(env, 'CATALOG').prepare('SELECT uri FROM share_links WHERE code = ?').bind(code).first<{ uri: string }>();
  return row?.uri ?? null;
}

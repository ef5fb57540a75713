import { Forbidden, NotFound } from '#core/errors.ts';
import { shardDb, shardOf } from '#core/shards.ts';
import type { AuthUser } from '../auth/tokens.ts';

/**
 * Which catalog row an artwork upload names, and whether this caller may set
 * it: the artist's own account (for the artist and their albums) or an admin.
 * Albums and artists are public, so a stranger learns nothing from 403.
 */
export type CatalogArtworkKind = 'album' | 'artist' | 'show';
export type CatalogArtworkTarget = { kind: CatalogArtworkKind; id: string; db: D1Database };

const ID_KINDS = { album: 'alb', artist: 'art', show: 'shw' } as const;
const OWNER_SQL: Record<CatalogArtworkKind, string> = {
  album: 'SELECT artist_id FROM albums WHERE id = ?',
  artist: 'SELECT id AS artist_id FROM artists WHERE id = ?',
  show: 'SELECT artist_id FROM shows WHERE id = ?',
};
const FORBIDDEN: Record<CatalogArtworkKind, string> = {
  album: "Only the album's artist or an admin may set its cover.",
  artist: "Only the artist's own account or an admin may set its picture.",
  show: "Only the show's publisher or an admin may set its artwork.",
};

const mayManage = (user: AuthUser, artistId: string) => user.role === 'admin' || (user.artistId !== null && user.artistId === artistId);

export async function catalogArtworkTarget(env: Env, user: AuthUser, kind: CatalogArtworkKind, id: string): Promise<CatalogArtworkTarget> {
  const db = shardDb(env, 'CATALOG', shardOf(env, 'CATALOG', id, [ID_KINDS[kind]], kind));
  const row = await db.prepare(OWNER_SQL[kind]).bind(id).first<{ artist_id: string }>();
  if (!row) throw new NotFound(`No ${kind} with id ${JSON.stringify(id)}.`, `${kind}_not_found`);
  if (!mayManage(user, row.artist_id)) throw new Forbidden(FORBIDDEN[kind], `not_your_${kind}`);
  return { kind, id, db };
}

export async function setCatalogImage(target: CatalogArtworkTarget, hash: string): Promise<void> {
  const table = `${target.kind}s`;
  await target.db.prepare(`UPDATE ${table} SET image_hash = ? WHERE id = ?`).bind(hash, target.id).run();
}

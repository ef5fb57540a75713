import { Forbidden, NotFound } from '../errors.ts';

/**
 * Who may do what with a playlist. Private playlists do not exist for anyone
 * but the owner and collaborators (404, not 403, so their ids leak nothing).
 */
export interface PlaylistAccess {
  id: string;
  ownerId: string;
  isPublic: boolean;
  /** Collaborators edit only while the playlist is collaborative; turned off, they are viewers (or nobody, if private). */
  isCollaborative: boolean;
  isCollaborator: (userId: string) => boolean;
  /** The one listener an algorithmic playlist is made for: a viewer of it, private as it is (Discover Weekly). */
  madeFor?: string | null;
}

export type Role = 'owner' | 'collaborator' | 'viewer' | 'none';

/**
 * roleOf for a stranger (not owner, not collaborator) as SQL over a D1
 * `playlists` row aliased `p`: what search may show. The room writes a
 * visibility change to D1 before it makes it, so this is never more lenient
 * than the room.
 */
export const VISIBLE_TO_ANYONE_SQL = 'p.public = 1 AND p.deleted_at IS NULL';

export function roleOf(p: PlaylistAccess, userId: string): Role {
  if (userId === p.ownerId) return 'owner';
  if (p.isCollaborative && p.isCollaborator(userId)) return 'collaborator';
  if (p.madeFor === userId) return 'viewer';
  return p.isPublic ? 'viewer' : 'none';
}

const hidden = (p: PlaylistAccess) => new NotFound(`No playlist with id ${JSON.stringify(p.id)}.`, 'playlist_not_found');

export function assertCanView(p: PlaylistAccess, userId: string): Role {
  const role = roleOf(p, userId);
  if (role === 'none') throw hidden(p);
  return role;
}

/** Owner and collaborators edit the items. */
export function assertCanEdit(p: PlaylistAccess, userId: string): void {
  const role = assertCanView(p, userId);
  if (role === 'viewer') throw new Forbidden('Only the owner and collaborators may edit this playlist.', 'not_a_collaborator');
}

/** The owner sets the cover; so may an admin, whoever's playlist it is. */
export function assertMaySetImage(p: PlaylistAccess, userId: string, isAdmin: boolean): void {
  if (!isAdmin) assertOwner(p, userId, 'set its cover');
}

/** Only the owner renames, deletes and manages collaborators. */
export function assertOwner(p: PlaylistAccess, userId: string, action: string): void {
  const role = assertCanView(p, userId);
  if (role !== 'owner') throw new Forbidden(`Only the playlist's owner may ${action}.`, 'not_owner');
}

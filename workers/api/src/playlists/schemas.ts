import { z } from 'zod';
import { TrackSummary, UnavailableTrack } from '#core/protocol/catalog-views.ts';
import { Diff, PlaylistDetails } from '#core/protocol/playlist-live.ts';
import { PageOf } from '../http/paging.ts';

const Name = z.string().trim().min(1).max(200);
const Description = z.string().max(1000).nullable();

/** Admins only (403 editorial_admin_only for anyone else): list the playlist, while public, in GET /browse/featured-playlists. */
const Editorial = z.boolean().optional();

export const CreatePlaylist = z.object({
  name: Name,
  description: Description.optional(),
  public: z.boolean().default(true),
  collaborative: z.boolean().default(false),
  editorial: Editorial,
});

export const UpdatePlaylist = z
  .object({ name: Name, description: Description, public: z.boolean(), collaborative: z.boolean(), editorial: z.boolean() })
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });

export const AddCollaborator = z.object({ user_id: z.string().min(1).max(100) });

const Person = z.object({ id: z.string(), display_name: z.string() });

export const PlaylistItem = z.object({ item_id: z.string(), track: z.union([TrackSummary, UnavailableTrack]), added_by: Person, added_at: z.string() });
export const ItemsPage = PageOf(PlaylistItem).extend({ snapshot_id: z.string() });

/** `GET /playlists/{id}` and the answers to create and details changes. */
export const PlaylistResponse = PlaylistDetails.extend({
  id: z.string(),
  uri: z.string(),
  owner: Person,
  snapshot_id: z.string(),
  /** Made by the platform for the caller (Discover Weekly): they may view and follow it, not edit it. */
  algorithmic: z.boolean(),
  collaborators: z.array(Person),
  followers: z.object({ total: z.number().int() }),
  items: ItemsPage,
});

/** A playlist in the caller's list and in search. */
export const ListedPlaylist = PlaylistDetails.extend({
  id: z.string(),
  uri: z.string(),
  owner: Person,
  snapshot_id: z.string(),
  algorithmic: z.boolean(),
  items: z.object({ total: z.number().int() }),
  followers: z.object({ total: z.number().int() }),
});

export const Snapshot = z.object({ snapshot_id: z.string() });
export const AddedItems = Snapshot.extend({ item_ids: z.array(z.string()) });
export const Collaborators = z.object({ collaborators: z.array(Person), collaborative: z.boolean(), snapshot_id: z.string() });
export const Followers = z.object({ followers: z.number().int() });
export const Changes = z.object({
  snapshot_id: z.string(),
  version: z.number().int(),
  changes: z.array(
    z.object({
      version: z.number().int(),
      snapshot_id: z.string(),
      prev_snapshot_id: z.string(),
      by: z.string(),
      req_id: z.string().nullable(),
      diff: Diff,
      intent: z.unknown(),
    }),
  ),
});

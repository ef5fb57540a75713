import { z } from 'zod';
import { Image } from './catalog-views.ts';
import { Authenticated, ReAuth } from './reauth.ts';

/**
 * The playlist edit operations and the `GET /api/v1/playlists/{id}/live`
 * WebSocket protocol, shared by the api worker, the PlaylistRoom Durable Object
 * and clients. Items are addressed by `item_id` and anchors, never positions.
 */

export const MAX_BATCH = 100;
export const MAX_PLAYLIST_ITEMS = 10_000;

const TRACK_URI = /^encore:track:/;
const TrackRef = z
  .string()
  .min(1)
  .max(200)
  .transform((s) => s.replace(TRACK_URI, ''));
const ItemId = z.string().min(1).max(100);

const unique = (ids: string[]) => new Set(ids).size === ids.length;
const noDuplicates = { message: 'duplicate ids in one request' };

export const AddItems = z.object({
  track_ids: z.array(TrackRef).min(1).max(MAX_BATCH).refine(unique, noDuplicates),
  /** Insert right after this item (even one removed meanwhile: it lands at its place); absent or null = at the end. */
  after_item_id: ItemId.nullish(),
  snapshot_id: z.string().optional(),
});
export type AddItems = z.infer<typeof AddItems>;

export const RemoveItems = z.object({
  item_ids: z.array(ItemId).min(1).max(MAX_BATCH).refine(unique, noDuplicates),
  snapshot_id: z.string().optional(),
});
export type RemoveItems = z.infer<typeof RemoveItems>;

export const MoveItem = z.object({
  item_id: ItemId,
  /** null = to the front. */
  after_item_id: ItemId.nullable(),
  snapshot_id: z.string().optional(),
});
export type MoveItem = z.infer<typeof MoveItem>;

// ---- client → server ----

const ReqId = z.string().max(64).optional();

export const ClientMessage = z.discriminatedUnion('type', [
  /** Optional first message of a reconnecting client: send me what happened after `since`. */
  z.object({ type: z.literal('hello'), since: z.string().max(64).optional() }),
  /** A fresh access token before the socket's one expires (see reauth.ts). */
  ReAuth,
  AddItems.extend({ type: z.literal('add'), req_id: ReqId }),
  RemoveItems.extend({ type: z.literal('remove'), req_id: ReqId }),
  MoveItem.extend({ type: z.literal('move'), req_id: ReqId }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

// ---- server → client ----

export const LiveItem = z.object({
  item_id: z.string(),
  track_id: z.string(),
  added_by: z.object({ id: z.string(), display_name: z.string() }),
  added_at: z.string(),
});
export type LiveItem = z.infer<typeof LiveItem>;

/** What the owner sets when creating a playlist and through `PUT /playlists/{id}`. */
export const EditablePlaylistDetails = z.object({
  name: z.string(),
  description: z.string().nullable(),
  public: z.boolean(),
  collaborative: z.boolean(),
});
export type EditablePlaylistDetails = z.infer<typeof EditablePlaylistDetails>;

export const PlaylistDetails = EditablePlaylistDetails.extend({
  /** The cover (`PUT /playlists/{id}/image`), largest first; `[]` until one is set, and in changes logged before covers existed. */
  images: z.array(Image).default([]),
});
export type PlaylistDetails = z.infer<typeof PlaylistDetails>;

/**
 * A change, ready to apply to the visible list: `after_item_id` is the live
 * item the change now follows (null = front), already resolved by the server,
 * so a client never needs to know about removed items.
 */
export const Diff = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('insert'), after_item_id: z.string().nullable(), items: z.array(LiveItem) }),
  z.object({ kind: z.literal('remove'), item_ids: z.array(z.string()) }),
  z.object({ kind: z.literal('move'), item_id: z.string(), after_item_id: z.string().nullable() }),
  z.object({ kind: z.literal('details'), details: PlaylistDetails }),
  z.object({ kind: z.literal('deleted') }),
]);
export type Diff = z.infer<typeof Diff>;

export const ServerMessage = z.discriminatedUnion('type', [
  /** The whole list: sent on connect without `since`, or when `since` is too old to catch up. */
  z.object({ type: z.literal('state'), snapshot_id: z.string(), version: z.number().int(), details: PlaylistDetails, items: z.array(LiveItem) }),
  /** Apply only when `prev_snapshot_id` is the snapshot you hold; otherwise you have already seen it. */
  z.object({
    type: z.literal('change'),
    snapshot_id: z.string(),
    prev_snapshot_id: z.string(),
    version: z.number().int(),
    by: z.string(),
    req_id: z.string().optional(),
    diff: Diff,
  }),
  /** An operation this socket sent was applied (its change, if any, was broadcast just before). */
  z.object({ type: z.literal('ack'), req_id: z.string().optional(), snapshot_id: z.string(), item_ids: z.array(z.string()).optional() }),
  Authenticated,
  /** An operation this socket sent was refused; nothing changed. */
  z.object({ type: z.literal('error'), req_id: z.string().optional(), error: z.object({ status: z.number().int(), code: z.string(), message: z.string() }) }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** Applies a change to a visible list, the way every client must. */
export function applyDiff(items: LiveItem[], diff: Diff): LiveItem[] {
  const after = (list: LiveItem[], anchor: string | null) => (anchor === null ? 0 : list.findIndex((i) => i.item_id === anchor) + 1);
  switch (diff.kind) {
    case 'insert': {
      const at = after(items, diff.after_item_id);
      return [...items.slice(0, at), ...diff.items, ...items.slice(at)];
    }
    case 'remove': {
      const gone = new Set(diff.item_ids);
      return items.filter((i) => !gone.has(i.item_id));
    }
    case 'move': {
      const moved = items.find((i) => i.item_id === diff.item_id);
      if (!moved) return items;
      const rest = items.filter((i) => i.item_id !== diff.item_id);
      const at = after(rest, diff.after_item_id);
      return [...rest.slice(0, at), moved, ...rest.slice(at)];
    }
    default:
      return items;
  }
}

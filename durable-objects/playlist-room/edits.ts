import { Unprocessable } from '#core/errors.ts';
import { newIdBeside } from '#core/ids.ts';
import { MAX_PLAYLIST_ITEMS, type Diff } from '#core/protocol/playlist-live.ts';
import { keysBetween } from './ordering.ts';
import { toLiveItem, type D1Statement, type Intent, type ItemRow, type RoomStorage } from './storage.ts';
import { toD1 } from './write-through.ts';

/**
 * The three item edits, applied to the room's storage. Each runs inside the
 * room's transaction: it checks, then writes, and a thrown error rolls it all
 * back. A `null` result means there was nothing to change.
 */
export interface Change {
  diff: Diff;
  intent: Intent;
  /** D1 statements for the playlist's shard. */
  d1: D1Statement[];
}

export interface Actor {
  id: string;
  display_name: string;
}

function anchorPos(store: RoomStorage, afterItemId: string): number {
  const anchor = store.item(afterItemId);
  if (!anchor) throw new Unprocessable(`after_item_id ${JSON.stringify(afterItemId)} is not an item of this playlist.`, 'unknown_anchor');
  return anchor.pos;
}

/** `n` keys right after the anchor (or at the end, or the front), re-spacing every key first if they no longer fit. */
function keysAfter(store: RoomStorage, anchor: { itemId: string | null | undefined; front?: boolean }, n: number, except: string, d1: D1Statement[]): number[] {
  for (let attempt = 0; attempt < 2; attempt++) {
    let lo: number | null;
    let hi: number | null;
    if (anchor.itemId) {
      lo = anchorPos(store, anchor.itemId);
      hi = store.nextPos(lo, except);
    } else if (anchor.front) {
      lo = null;
      hi = store.nextPos(null, except);
    } else {
      lo = store.lastPos();
      hi = null;
    }
    const keys = keysBetween(lo, hi, n);
    if (keys) return keys;
    d1.push(...toD1.positions(store.renumber()));
  }
  throw new Error('order keys still do not fit after re-spacing');
}

export function insertItems(
  store: RoomStorage,
  playlistId: string,
  actor: Actor,
  trackIds: string[],
  afterItemId: string | null | undefined,
  now: number,
): Change & { itemIds: string[] } {
  if (store.liveCount() + trackIds.length > MAX_PLAYLIST_ITEMS) {
    throw new Unprocessable(`A playlist holds at most ${MAX_PLAYLIST_ITEMS} items.`, 'playlist_full');
  }
  const d1: D1Statement[] = [];
  const keys = keysAfter(store, { itemId: afterItemId }, trackIds.length, '', d1);
  const rows: Omit<ItemRow, 'removed'>[] = trackIds.map((trackId, i) => ({
    item_id: newIdBeside('itm', playlistId),
    track_id: trackId,
    added_by: actor.id,
    added_by_name: actor.display_name,
    added_at: now,
    pos: keys[i]!,
  }));
  for (const row of rows) store.insertItem(row);
  d1.push(...toD1.insertItems(playlistId, rows));
  const itemIds = rows.map((r) => r.item_id);
  return {
    itemIds,
    diff: { kind: 'insert', after_item_id: store.visibleBefore(keys[0]!), items: rows.map((r) => toLiveItem({ ...r, removed: 0 })) },
    intent: { kind: 'insert', after_item_id: afterItemId ?? null, item_ids: itemIds, track_ids: trackIds },
    d1,
  };
}

/** Removing what is already gone is harmless; an id that was never in this playlist is an error. */
export function removeItems(store: RoomStorage, itemIds: string[]): Change | null {
  const rows = itemIds.map((id) => {
    const row = store.item(id);
    if (!row) throw new Unprocessable(`Item ${JSON.stringify(id)} is not in this playlist.`, 'unknown_item');
    return row;
  });
  const live = rows.filter((r) => !r.removed).map((r) => r.item_id);
  if (!live.length) return null;
  for (const id of live) store.markRemoved(id);
  return { diff: { kind: 'remove', item_ids: live }, intent: { kind: 'remove', item_ids: live }, d1: toD1.removeItems(live) };
}

/** Moving an item someone removed meanwhile changes nothing: the removal wins. */
export function moveItem(store: RoomStorage, itemId: string, afterItemId: string | null): Change | null {
  const row = store.item(itemId);
  if (!row) throw new Unprocessable(`Item ${JSON.stringify(itemId)} is not in this playlist.`, 'unknown_item');
  if (afterItemId === itemId) throw new Unprocessable('An item cannot be moved after itself.', 'invalid_anchor');
  if (afterItemId !== null) anchorPos(store, afterItemId);
  if (row.removed) return null;
  const d1: D1Statement[] = [];
  const [pos] = keysAfter(store, { itemId: afterItemId, front: afterItemId === null }, 1, itemId, d1);
  store.setPos(itemId, pos!);
  d1.push(...toD1.positions([{ item_id: itemId, pos: pos! }]));
  return {
    diff: { kind: 'move', item_id: itemId, after_item_id: store.visibleBefore(pos!) },
    intent: { kind: 'move', item_id: itemId, after_item_id: afterItemId },
    d1,
  };
}

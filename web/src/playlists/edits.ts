import { api, ApiError } from '../api.ts';

/**
 * Playlist edits over REST. Each carries the snapshot the user was looking at;
 * when someone else changed the playlist meanwhile the server refuses it with
 * 409 snapshot_conflict and nothing changes. We then take the current
 * snapshot and apply the same intent again (items are addressed by id and
 * anchor, not position, so the intent still means the same thing) — never
 * dropping the edit silently. `onConflict` lets the page say so.
 */

const MAX_ATTEMPTS = 4;

export type ConflictNotice = (message: string) => void;

async function currentSnapshot(playlistId: string): Promise<string> {
  return (await api<{ snapshot_id: string }>('GET', `/api/v1/playlists/${encodeURIComponent(playlistId)}?limit=1`)).snapshot_id;
}

async function withRetry<T>(
  playlistId: string,
  snapshot: string | undefined,
  send: (snapshot: string | undefined) => Promise<T>,
  onConflict?: ConflictNotice,
): Promise<T> {
  let snap = snapshot;
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(snap);
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 'snapshot_conflict') || attempt >= MAX_ATTEMPTS) throw err;
      snap = await currentSnapshot(playlistId);
      onConflict?.('Someone else changed this playlist at the same time; your edit was applied to the latest version.');
    }
  }
}

const itemsPath = (id: string) => `/api/v1/playlists/${encodeURIComponent(id)}/items`;

export function addTracks(
  playlistId: string,
  trackIds: string[],
  options: { afterItemId?: string | null; snapshot?: string; onConflict?: ConflictNotice } = {},
) {
  return withRetry(
    playlistId,
    options.snapshot,
    (snapshot_id) =>
      api<{ snapshot_id: string; item_ids: string[] }>('POST', itemsPath(playlistId), {
        track_ids: trackIds,
        after_item_id: options.afterItemId ?? undefined,
        snapshot_id,
      }),
    options.onConflict,
  );
}

export function removeItems(playlistId: string, itemIds: string[], options: { snapshot?: string; onConflict?: ConflictNotice } = {}) {
  return withRetry(
    playlistId,
    options.snapshot,
    (snapshot_id) => api<{ snapshot_id: string }>('DELETE', itemsPath(playlistId), { item_ids: itemIds, snapshot_id }),
    options.onConflict,
  );
}

export function moveItem(playlistId: string, itemId: string, afterItemId: string | null, options: { snapshot?: string; onConflict?: ConflictNotice } = {}) {
  return withRetry(
    playlistId,
    options.snapshot,
    (snapshot_id) => api<{ snapshot_id: string }>('PUT', itemsPath(playlistId), { item_id: itemId, after_item_id: afterItemId, snapshot_id }),
    options.onConflict,
  );
}

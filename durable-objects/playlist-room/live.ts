import type { ServerMessage } from '#core/protocol/playlist-live.ts';
import type { SocketGrant } from '../socket-auth.ts';
import { send } from '../sockets.ts';
import { toLiveItem, type RoomRow, type RoomStorage } from './storage.ts';

/** What each hibernating socket remembers about its viewer (survives hibernation via serializeAttachment). */
export interface Viewer extends SocketGrant {
  displayName: string;
}

/**
 * Brings one socket up to date: the changes after `since` when the log still
 * holds them, nothing when it is current, the whole list otherwise.
 */
export function catchUp(ws: WebSocket, store: RoomStorage, room: RoomRow, since: string | undefined): void {
  if (since && since === room.snapshot_id) return;
  const version = since ? store.versionOf(since) : null;
  if (version !== null) {
    for (const op of store.opsAfter(version)) {
      send(ws, {
        type: 'change',
        snapshot_id: op.snapshot_id,
        prev_snapshot_id: op.prev_snapshot_id,
        version: op.version,
        by: op.by,
        ...(op.req_id ? { req_id: op.req_id } : {}),
        diff: op.diff,
      } satisfies ServerMessage);
    }
    return;
  }
  const items = store.livePage(0, Number.MAX_SAFE_INTEGER).map(toLiveItem);
  send(ws, { type: 'state', snapshot_id: room.snapshot_id, version: room.version, details: store.details(room), items } satisfies ServerMessage);
}

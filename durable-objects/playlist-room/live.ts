import type { ServerMessage } from '../../core/protocol/playlist-live.ts';
import type { SocketGrant } from '../socket-auth.ts';
import { toLiveItem, type RoomRow, type RoomStorage } from './storage.ts';

/** What each hibernating socket remembers about its viewer (survives hibernation via serializeAttachment). */
export interface Viewer extends SocketGrant {
  displayName: string;
}

export const MAX_FRAME_CHARS = 64 * 1024;

export function viewerOf(ws: WebSocket): Viewer | null {
  return (ws.deserializeAttachment() as Viewer | null) ?? null;
}

export function send(ws: WebSocket, message: ServerMessage | string): void {
  try {
    ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  } catch {
    // The socket is closing; its close handler cleans up.
  }
}

/** Close reasons are limited to 123 bytes. */
export function closeWith(ws: WebSocket, code: number, reason: string): void {
  let r = reason;
  while (new TextEncoder().encode(r).length > 123) r = r.slice(0, -1);
  try {
    ws.close(code, r);
  } catch {
    // Already closed.
  }
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
      send(ws, { type: 'change', snapshot_id: op.snapshot_id, prev_snapshot_id: op.prev_snapshot_id, version: op.version, by: op.by, ...(op.req_id ? { req_id: op.req_id } : {}), diff: op.diff });
    }
    return;
  }
  const items = store.livePage(0, Number.MAX_SAFE_INTEGER).map(toLiveItem);
  send(ws, { type: 'state', snapshot_id: room.snapshot_id, version: room.version, details: store.details(room), items });
}

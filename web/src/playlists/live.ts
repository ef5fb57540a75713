import { applyDiff, ServerMessage, type ClientMessage, type LiveItem, type PlaylistDetails } from '#core/protocol/playlist-live.ts';
import { LiveSocket } from '../net/live-socket.ts';

/**
 * A live view of one playlist over `GET /playlists/{id}/live`: the server sends
 * the whole list, then every change; a change applies only on top of the
 * snapshot it names. After a reconnect we ask for what happened `since` our
 * snapshot, so nothing is missed.
 */
export class LivePlaylist extends EventTarget {
  items: LiveItem[] = [];
  details: PlaylistDetails | null = null;
  snapshotId: string | null = null;
  deleted = false;
  private readonly socket: LiveSocket<ServerMessage, ClientMessage>;

  constructor(readonly playlistId: string) {
    super();
    this.socket = new LiveSocket({
      url: (token) => {
        const url = new URL(`/api/v1/playlists/${encodeURIComponent(this.playlistId)}/live`, location.href);
        url.searchParams.set('access_token', token);
        if (this.snapshotId) url.searchParams.set('since', this.snapshotId);
        return url;
      },
      frames: ServerMessage,
      onFrame: (message) => this.receive(message),
      onStatus: () => this.dispatchEvent(new Event('status')),
      // A deleted playlist has nothing more to say.
      shouldReconnect: () => !this.deleted,
    });
  }

  get connected(): boolean {
    return this.socket.open;
  }

  connect(): void {
    this.socket.connect();
  }

  close(): void {
    this.socket.close(1000);
  }

  private receive(message: ServerMessage): void {
    switch (message.type) {
      case 'state':
        this.items = message.items;
        this.details = message.details;
        this.snapshotId = message.snapshot_id;
        break;
      case 'change':
        if (message.prev_snapshot_id !== this.snapshotId) {
          if (message.snapshot_id === this.snapshotId) return; // already seen
          // A gap: reconnect asking for everything since our snapshot.
          this.socket.reconnect(4000, 'resync');
          return;
        }
        this.snapshotId = message.snapshot_id;
        if (message.diff.kind === 'details') this.details = message.diff.details;
        else if (message.diff.kind === 'deleted') this.deleted = true;
        else this.items = applyDiff(this.items, message.diff);
        break;
      default:
        return;
    }
    this.dispatchEvent(new Event('change'));
  }
}

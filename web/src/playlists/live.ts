import { applyDiff, type LiveItem, type PlaylistDetails, type ServerMessage } from '../../../core/protocol/playlist-live.ts';
import { TOKEN_EXPIRED_CLOSE } from '../../../core/protocol/reauth.ts';
import { accessToken, onAccessToken, refresh } from '../session.ts';

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
  private socket: WebSocket | null = null;
  private closed = false;
  private attempts = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private stopReauth: (() => void) | undefined;

  constructor(readonly playlistId: string) {
    super();
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  connect(): void {
    const token = accessToken();
    if (!token || this.closed) return;
    const url = new URL(`/api/v1/playlists/${encodeURIComponent(this.playlistId)}/live`, location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('access_token', token);
    if (this.snapshotId) url.searchParams.set('since', this.snapshotId);
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      // Each refreshed token goes over the socket before the one it was opened with expires.
      this.stopReauth?.();
      this.stopReauth = onAccessToken((fresh) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'auth', access_token: fresh }));
      });
      this.dispatchEvent(new Event('status'));
    };
    socket.onmessage = (e) => this.receive(JSON.parse(String(e.data)) as ServerMessage);
    socket.onclose = (event) => {
      if (this.socket === socket) {
        this.socket = null;
        this.stopReauth?.();
      }
      this.dispatchEvent(new Event('status'));
      if (this.closed || this.deleted) return;
      // An expired token (the refresh did not reach the socket in time): refresh and reconnect at once.
      const delay = event.code === TOKEN_EXPIRED_CLOSE ? 0 : Math.min(30_000, 500 * 2 ** this.attempts++);
      this.retry = setTimeout(() => void refresh().finally(() => this.connect()), delay);
    };
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    this.stopReauth?.();
    this.socket?.close(1000);
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
          this.socket?.close(4000, 'resync');
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

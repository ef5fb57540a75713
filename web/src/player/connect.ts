import { ServerMessage, type ClientMessage, type DeviceView, type PlayerView } from '../../../core/protocol/connect.ts';
import { TOKEN_EXPIRED_CLOSE } from '../../../core/protocol/reauth.ts';
import { accessToken, onAccessToken, refresh } from '../session.ts';

/**
 * This tab as an Encore Connect device: one WebSocket to the listener's device
 * session, reconnecting with backoff, a heartbeat every 20 s. Pushes are
 * validated with the shared zod schema and ignored when older than what we hold.
 */

const HEARTBEAT_MS = 20_000;
/** The server closes a socket replaced by a newer connection of the same device with this code: do not reconnect. */
const REPLACED_CLOSE = 4002;

export interface DeviceIdentity {
  id: string;
  name: string;
}

/** Kept per tab (sessionStorage) so a reload stays the same device. */
export function deviceIdentity(): DeviceIdentity {
  const stored = sessionStorage.getItem('encore.device');
  if (stored) return JSON.parse(stored) as DeviceIdentity;
  const id = `web-${crypto.randomUUID().slice(0, 8)}`;
  const browser = /Firefox\//.test(navigator.userAgent) ? 'Firefox' : /Edg\//.test(navigator.userAgent) ? 'Edge' : /Chrom/.test(navigator.userAgent) ? 'Chrome' : /Safari\//.test(navigator.userAgent) ? 'Safari' : 'Browser';
  const identity = { id, name: `Web player · ${browser} ${id.slice(4, 8)}` };
  sessionStorage.setItem('encore.device', JSON.stringify(identity));
  return identity;
}

export class ConnectClient extends EventTarget {
  private socket: WebSocket | null = null;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private stopReauth: (() => void) | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private attempts = 0;
  private closed = false;
  seq = -1;
  player: PlayerView | null = null;
  devices: DeviceView[] = [];

  constructor(readonly device: DeviceIdentity) {
    super();
  }

  get open(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  connect(): void {
    this.closed = false;
    const token = accessToken();
    if (!token) return;
    const url = new URL('/api/v1/me/player/connect', location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.search = new URLSearchParams({ device_id: this.device.id, name: this.device.name, type: 'web', access_token: token }).toString();
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      this.heartbeat = setInterval(() => this.send({ type: 'heartbeat' }), HEARTBEAT_MS);
      // Each refreshed token goes over the socket before the one it was opened with expires.
      this.stopReauth?.();
      this.stopReauth = onAccessToken((fresh) => this.send({ type: 'auth', access_token: fresh }));
      this.dispatchEvent(new Event('status'));
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = (event) => {
      clearInterval(this.heartbeat);
      if (this.socket === socket) {
        this.socket = null;
        this.stopReauth?.();
      }
      this.dispatchEvent(new Event('status'));
      if (this.closed || event.code === REPLACED_CLOSE) return; // this device connected again elsewhere
      // An expired token (the refresh did not reach the socket in time): refresh and reconnect at once.
      const delay = event.code === TOKEN_EXPIRED_CLOSE ? 0 : Math.min(30_000, 500 * 2 ** this.attempts++);
      this.retry = setTimeout(() => {
        // The close may have been an expired token (the upgrade answered 401).
        void refresh().finally(() => this.closed || this.connect());
      }, delay);
    };
  }

  /** Resolves at the session's next `devices` push (a reconnect brings one), or after `timeoutMs`. */
  nextDevicesPush(timeoutMs = 2_000): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.removeEventListener('devices', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.addEventListener('devices', done);
    });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    clearInterval(this.heartbeat);
    this.stopReauth?.();
    this.socket?.close(1000, 'signed out');
    this.socket = null;
  }

  send(message: ClientMessage): boolean {
    if (!this.open) return false;
    this.socket!.send(JSON.stringify(message));
    return true;
  }

  report(positionMs: number, isPlaying: boolean, ended = false): void {
    if (this.seq < 0) return;
    this.send({ type: 'state_report', seq: this.seq, position_ms: Math.max(0, Math.round(positionMs)), is_playing: isPlaying, ...(ended ? { ended } : {}) });
  }

  private receive(data: unknown): void {
    let parsed: ReturnType<typeof ServerMessage.safeParse>;
    try {
      parsed = ServerMessage.safeParse(JSON.parse(String(data)));
    } catch {
      return;
    }
    if (!parsed.success) return;
    const message = parsed.data;
    switch (message.type) {
      case 'state':
        if (message.seq < this.seq) return;
        this.seq = message.seq;
        this.player = message.player;
        this.dispatchEvent(new Event('state'));
        return;
      case 'devices':
        this.devices = message.devices;
        this.dispatchEvent(new Event('devices'));
        return;
      case 'stop':
        if (message.seq < this.seq) return;
        this.dispatchEvent(new CustomEvent('stop', { detail: message.reason }));
        return;
      case 'error':
        this.dispatchEvent(new CustomEvent('remote-error', { detail: message.message }));
        return;
    }
  }
}

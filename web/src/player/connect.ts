import { ServerMessage, type ClientMessage, type DeviceView, type PlayerView } from '#core/protocol/connect.ts';
import { LiveSocket } from '../net/live-socket.ts';

/**
 * This tab as an Encore Connect device: one WebSocket to the listener's device
 * session (net/live-socket.ts: validated pushes, re-auth, reconnects), a
 * heartbeat every 20 s. Pushes older than what we hold are ignored.
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
  const browser = /Firefox\//.test(navigator.userAgent)
    ? 'Firefox'
    : /Edg\//.test(navigator.userAgent)
      ? 'Edge'
      : /Chrom/.test(navigator.userAgent)
        ? 'Chrome'
        : /Safari\//.test(navigator.userAgent)
          ? 'Safari'
          : 'Browser';
  const identity = { id, name: `Web player · ${browser} ${id.slice(4, 8)}` };
  sessionStorage.setItem('encore.device', JSON.stringify(identity));
  return identity;
}

export class ConnectClient extends EventTarget {
  private readonly socket: LiveSocket<ServerMessage, ClientMessage>;
  seq = -1;
  player: PlayerView | null = null;
  devices: DeviceView[] = [];

  constructor(readonly device: DeviceIdentity) {
    super();
    this.socket = new LiveSocket({
      url: (token) => {
        const url = new URL('/api/v1/me/player/connect', location.href);
        url.search = new URLSearchParams({ device_id: this.device.id, name: this.device.name, type: 'web', access_token: token }).toString();
        return url;
      },
      frames: ServerMessage,
      onFrame: (message) => this.receive(message),
      onStatus: () => this.dispatchEvent(new Event('status')),
      // This device connected again elsewhere (another tab took its id): that one carries on.
      shouldReconnect: (event) => event.code !== REPLACED_CLOSE,
      heartbeat: { everyMs: HEARTBEAT_MS, frame: { type: 'heartbeat' } satisfies ClientMessage },
    });
  }

  get open(): boolean {
    return this.socket.open;
  }

  connect(): void {
    this.socket.connect();
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
    this.socket.close(1000, 'signed out');
  }

  send(message: ClientMessage): boolean {
    return this.socket.send(message);
  }

  report(positionMs: number, isPlaying: boolean, ended = false): void {
    if (this.seq < 0) return;
    this.send({ type: 'state_report', seq: this.seq, position_ms: Math.max(0, Math.round(positionMs)), is_playing: isPlaying, ...(ended ? { ended } : {}) });
  }

  private receive(message: ServerMessage): void {
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

import type { z } from 'zod';
import { TOKEN_EXPIRED_CLOSE, type ReAuth } from '#core/protocol/reauth.ts';
import { accessToken, onAccessToken, refresh } from '../session.ts';

/**
 * One WebSocket to the api that stays open: every server frame validated with
 * the protocol's shared zod schema (frames that do not match are ignored), each
 * refreshed access token sent over the socket as `{type:"auth"}` before the one
 * it was opened with expires, and reconnects with exponential backoff (at once
 * after 4001, when the token ran out anyway) with a freshly refreshed token.
 */

const MAX_BACKOFF_MS = 30_000;
const FIRST_BACKOFF_MS = 500;

export interface LiveSocketOptions<Server> {
  /** The endpoint for this attempt, carrying `token`; null means do not connect now. */
  url: (token: string) => URL | null;
  /** The protocol's server → client schema. */
  frames: z.ZodType<Server>;
  onFrame: (frame: Server) => void;
  /** Opened or closed: read `open` for which. */
  onStatus?: () => void;
  /** False when trying again is pointless (e.g. 4002: this device connected again elsewhere); default true. */
  shouldReconnect?: (event: CloseEvent) => boolean;
  /** A frame sent every `everyMs` while open, to stay listed. */
  heartbeat?: { everyMs: number; frame: object };
}

export class LiveSocket<Server, Client extends object> {
  private socket: WebSocket | null = null;
  private closed = false;
  private attempts = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private stopReauth: (() => void) | undefined;

  constructor(private readonly options: LiveSocketOptions<Server>) {}

  get open(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  connect(): void {
    this.closed = false;
    const token = accessToken();
    const url = token ? this.options.url(token) : null;
    if (!url) return;
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      const { heartbeat } = this.options;
      clearInterval(this.heartbeat);
      if (heartbeat) this.heartbeat = setInterval(() => this.write(heartbeat.frame), heartbeat.everyMs);
      this.stopReauth?.();
      this.stopReauth = onAccessToken((fresh) => {
        if (this.socket === socket) this.write({ type: 'auth', access_token: fresh } satisfies ReAuth);
      });
      this.options.onStatus?.();
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = (event) => {
      if (this.socket === socket) {
        this.socket = null;
        clearInterval(this.heartbeat);
        this.stopReauth?.();
      }
      this.options.onStatus?.();
      if (this.closed || this.options.shouldReconnect?.(event) === false) return;
      const delay = event.code === TOKEN_EXPIRED_CLOSE ? 0 : Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** this.attempts++);
      // The close may also have been the upgrade refusing an expired token (401): refresh either way.
      this.retry = setTimeout(() => void refresh().finally(() => this.closed || this.connect()), delay);
    };
  }

  /** Closes the current socket and connects again (e.g. to catch up after a gap). */
  reconnect(code = 4000, reason = 'resync'): void {
    this.socket?.close(code, reason);
  }

  /** Closes for good; `connect()` starts again. */
  close(code = 1000, reason?: string): void {
    this.closed = true;
    clearTimeout(this.retry);
    clearInterval(this.heartbeat);
    this.stopReauth?.();
    this.socket?.close(code, reason);
    this.socket = null;
  }

  send(message: Client): boolean {
    return this.write(message);
  }

  private write(message: object): boolean {
    if (!this.open) return false;
    this.socket!.send(JSON.stringify(message));
    return true;
  }

  private receive(data: unknown): void {
    let json: unknown;
    try {
      json = JSON.parse(String(data));
    } catch {
      return;
    }
    const parsed = this.options.frames.safeParse(json);
    if (parsed.success) this.options.onFrame(parsed.data);
  }
}

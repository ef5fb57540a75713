import { DurableObject } from 'cloudflare:workers';
import { BadRequest, Conflict, domainErrorResponse, Unauthorized, UpgradeRequired } from '#core/errors.ts';
import { failed, succeeded, type RpcResult } from '#core/rpc-result.ts';
import { TOKEN_EXPIRED_CLOSE } from '#core/protocol/reauth.ts';
import {
  ClientMessage,
  DeviceId,
  DeviceName,
  DeviceType,
  type DeviceView,
  type PlayerView,
  type QueueView,
  type ServerMessage,
} from '#core/protocol/connect.ts';
import { applyCommand, type Outcome, type SessionCommand } from './device-session/commands.ts';
import { isEpisodeEntry, type PlayerState } from './device-session/player-state.ts';
import { SessionStore, type DeviceRow } from './device-session/store.ts';
import { playerView, queueView } from './device-session/views.ts';
import { earliestExpiry, isExpired, reauthenticate, verifyUpgrade, type SocketGrant } from './socket-auth.ts';
import { acceptSocket, attachmentOf, broadcast, closeWith, readFrame, send } from './sockets.ts';

/** A device that has sent nothing for this long drops out of the session. */
export const DEVICE_TIMEOUT_MS = 60_000;
export const MAX_DEVICES = 20;

/** Close code for a socket replaced by a newer connection of the same device. */
export const REPLACED_CLOSE = 4002;
/** Close code for a device silent for DEVICE_TIMEOUT_MS. */
const SILENT_CLOSE = 4000;

/** What each hibernating socket remembers about itself: its device, and whose token opened it until when. */
interface Attachment extends SocketGrant {
  deviceId: string;
}

/** What a listener's friends may see of their session (GET /me/friends/activity): the track, and whether it plays now on a connected device. */
export interface SessionActivity {
  track_id: string;
  playing: boolean;
}

/** What the api worker's player routes build and send to `run`; the rules behind them stay internal. */
export type { ExternalPlayCommand, LoadCommand, SaveQueueCommand, SessionCommand } from './device-session/commands.ts';
export type { QueueEntry } from './device-session/player-state.ts';

/**
 * One per listener: their connected devices and the player state they share.
 * Devices hold hibernating WebSockets (tagged with the device id); the HTTP
 * player routes call the RPC methods. Commands from either side are applied one
 * at a time, synchronously against SQLite, so arrival order is the order applied.
 */
export class DeviceSession extends DurableObject<Env> {
  private readonly store: SessionStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new SessionStore(ctx.storage.sql);
  }

  /** Only the WebSocket upgrade comes through fetch (sockets cannot travel over RPC), with the access token, verified here again. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('Upgrade')?.toLowerCase() !== 'websocket') {
      return domainErrorResponse(new UpgradeRequired('Connect with a WebSocket.'));
    }
    let grant: SocketGrant;
    try {
      const { user, expiresAt } = await verifyUpgrade(this.env, request);
      grant = { userId: user.id, expiresAt };
    } catch {
      return domainErrorResponse(new Unauthorized('The access token is invalid or has expired.', 'invalid_token'));
    }
    const params = new URL(request.url).searchParams;
    const id = DeviceId.safeParse(params.get('device_id'));
    const name = DeviceName.safeParse(params.get('name'));
    const type = DeviceType.safeParse(params.get('type'));
    if (!id.success || !name.success || !type.success) {
      return domainErrorResponse(new BadRequest('device_id, name and type are required.', 'invalid_device'));
    }
    const deviceId = id.data;
    if (!this.store.device(deviceId) && this.connectedDevices().length >= MAX_DEVICES) {
      return domainErrorResponse(new Conflict(`At most ${MAX_DEVICES} devices can be connected at once.`, 'too_many_devices'));
    }
    // The same device reconnecting: its older socket is finished.
    for (const old of this.ctx.getWebSockets(deviceId)) {
      push(old, { type: 'stop', seq: this.store.loadState().seq, reason: 'replaced' });
      closeWith(old, REPLACED_CLOSE, 'Replaced by a newer connection of this device.');
    }

    const { socket, response } = acceptSocket(this.ctx, [deviceId], { deviceId, ...grant } satisfies Attachment);
    this.store.upsertDevice({ id: deviceId, name: name.data, type: type.data, last_seen: Date.now() });
    await this.scheduleExpiry();

    const state = this.store.loadState();
    const devices = this.deviceViews(state);
    push(socket, { type: 'state', seq: state.seq, player: playerView(state, devices, Date.now()) });
    this.broadcast({ type: 'devices', seq: state.seq, devices });
    return response;
  }

  // ---- RPC: what the player routes call ----

  devices(): DeviceView[] {
    return this.deviceViews(this.store.loadState());
  }

  player(): PlayerView | null {
    const state = this.store.loadState();
    return playerView(state, this.deviceViews(state), Date.now());
  }

  /** `GET /me/player/queue` (not named `queue`: that name is reserved for the queue-consumer handler). */
  upcoming(): QueueView {
    return queueView(this.store.loadState());
  }

  /** The current track, if any (friends see music, not the episodes a listener hears); `playing` only while a connected device plays it. */
  activity(): SessionActivity | null {
    const state = this.store.loadState();
    if (!state.current || isEpisodeEntry(state.current)) return null;
    const active = state.activeDeviceId;
    return { track_id: state.current.track_id, playing: state.isPlaying && active !== null && this.ctx.getWebSockets(active).length > 0 };
  }

  /** Applies a command; a refusal comes back as the error the caller throws (core/rpc-result.ts). */
  run(command: SessionCommand): RpcResult<PlayerView | null> {
    const outcome = this.apply(command);
    if (!outcome.ok) return failed(outcome);
    return succeeded(playerView(outcome.state, this.deviceViews(outcome.state), Date.now()));
  }

  // ---- hibernating WebSocket handlers ----

  override async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const attachment = attachmentOf<Attachment>(ws)!;
    const { deviceId } = attachment;
    if (isExpired(attachment)) return this.dropExpired(ws);
    this.store.touchDevice(deviceId, Date.now());
    // A frame that is not a message is answered with an error; the socket stays open.
    const frame = readFrame(ClientMessage, data, { binary: 'text' });
    if (!frame.ok) return push(ws, { type: 'error', ...frame.problem });
    const message = frame.message;
    switch (message.type) {
      case 'heartbeat':
        return;
      case 'hello':
        this.store.updateDevice(deviceId, { name: message.name, type: message.device_type, volume_percent: message.volume_percent });
        return this.broadcastDevices();
      case 'state_report': {
        const volumeChanged = message.volume_percent !== undefined && message.volume_percent !== this.store.device(deviceId)?.volume_percent;
        if (volumeChanged) this.store.updateDevice(deviceId, { volume_percent: message.volume_percent });
        const outcome = this.apply({
          action: 'report',
          device_id: deviceId,
          seq: message.seq,
          position_ms: message.position_ms,
          is_playing: message.is_playing,
          ended: message.ended,
        });
        if (!outcome.ok) return push(ws, { type: 'error', status: outcome.status, code: outcome.code, message: outcome.message });
        if (volumeChanged) this.broadcastDevices();
        return;
      }
      case 'command': {
        const outcome = this.apply(message.command);
        if (!outcome.ok) push(ws, { type: 'error', ref: message.id, status: outcome.status, code: outcome.code, message: outcome.message });
        return;
      }
      case 'auth': {
        const outcome = await reauthenticate(this.env, attachment, message.access_token);
        if (!outcome.ok) {
          if (outcome.close) return closeWith(ws, 1008, outcome.message);
          return push(ws, { type: 'error', status: outcome.status, code: outcome.code, message: outcome.message });
        }
        ws.serializeAttachment({ ...attachment, expiresAt: outcome.expiresAt } satisfies Attachment);
        push(ws, { type: 'authenticated', expires_at: outcome.expiresAt });
        return this.scheduleExpiry();
      }
    }
  }

  override async webSocketClose(ws: WebSocket): Promise<void> {
    await this.deviceLeft(ws);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    await this.deviceLeft(ws);
  }

  /**
   * Closes the sockets whose access token expired, drops every device silent
   * for DEVICE_TIMEOUT_MS, then sleeps until the next of either could happen.
   */
  override async alarm(): Promise<void> {
    for (const ws of this.ctx.getWebSockets()) {
      if (ws.readyState === WebSocket.OPEN && isExpired(attachmentOf<Attachment>(ws)!)) await this.dropExpired(ws);
    }
    const silent = this.store.silentSince(Date.now() - DEVICE_TIMEOUT_MS);
    for (const deviceId of silent) {
      const wasActive = this.store.loadState().activeDeviceId === deviceId;
      this.store.removeDevice(deviceId);
      this.apply({ action: 'device_gone', device_id: deviceId });
      for (const ws of this.ctx.getWebSockets(deviceId)) {
        if (wasActive) push(ws, { type: 'stop', seq: this.store.loadState().seq, reason: 'expired' });
        closeWith(ws, SILENT_CLOSE, 'Silent for too long; reconnect to rejoin.');
      }
    }
    if (silent.length > 0) this.broadcastDevices();
    await this.scheduleExpiry();
  }

  // ---- internals ----

  private apply(command: SessionCommand): Outcome {
    const before = this.store.loadState();
    const online = new Set(this.connectedDevices().map((d) => d.id));
    const now = Date.now();
    const outcome = applyCommand(before, command, { now, online, newSeed: () => crypto.getRandomValues(new Uint32Array(1))[0]! });
    if (!outcome.ok) return outcome;
    this.ctx.storage.transactionSync(() => {
      if (outcome.state !== before) this.store.saveState(outcome.state, before);
      if (outcome.volume) this.store.updateDevice(outcome.volume.deviceId, { volume_percent: outcome.volume.percent });
    });
    if (!outcome.push) return outcome;
    const { state } = outcome;
    for (const stop of outcome.stops) {
      for (const ws of this.ctx.getWebSockets(stop.deviceId)) push(ws, { type: 'stop', seq: state.seq, reason: stop.reason });
    }
    const devices = this.deviceViews(state);
    this.broadcast({ type: 'state', seq: state.seq, player: playerView(state, devices, now) });
    if (before.activeDeviceId !== state.activeDeviceId || outcome.volume) this.broadcast({ type: 'devices', seq: state.seq, devices });
    return outcome;
  }

  /** A socket whose token ran out: the device stops (if it was playing) and leaves the session. */
  private async dropExpired(ws: WebSocket): Promise<void> {
    const { deviceId } = attachmentOf<Attachment>(ws)!;
    const state = this.store.loadState();
    if (state.activeDeviceId === deviceId) push(ws, { type: 'stop', seq: state.seq, reason: 'expired' });
    closeWith(ws, TOKEN_EXPIRED_CLOSE, 'Access token expired; refresh it and reconnect.');
    await this.deviceLeft(ws);
  }

  private async deviceLeft(ws: WebSocket): Promise<void> {
    const { deviceId } = attachmentOf<Attachment>(ws)!;
    // A reconnect replaced this socket: the device is still here.
    const stillConnected = this.ctx.getWebSockets(deviceId).some((other) => other !== ws && other.readyState === WebSocket.OPEN);
    if (stillConnected || !this.store.device(deviceId)) return;
    this.store.removeDevice(deviceId);
    this.apply({ action: 'device_gone', device_id: deviceId });
    this.broadcastDevices();
    await this.scheduleExpiry();
  }

  /** Device rows with a live socket: a row whose socket vanished (a crash) waits only for the expiry alarm. */
  private connectedDevices(): DeviceRow[] {
    return this.store.devices().filter((d) => this.ctx.getWebSockets(d.id).length > 0);
  }

  private deviceViews(state: PlayerState): DeviceView[] {
    return this.connectedDevices().map((d) => ({
      id: d.id,
      name: d.name,
      type: d.type,
      is_active: d.id === state.activeDeviceId,
      volume_percent: d.volume_percent,
    }));
  }

  private broadcastDevices(): void {
    const state = this.store.loadState();
    this.broadcast({ type: 'devices', seq: state.seq, devices: this.deviceViews(state) });
  }

  private broadcast(message: ServerMessage): void {
    broadcast(this.ctx.getWebSockets(), message);
  }

  /** The alarm is this object's alone: set it to the sooner of the next device timeout and the next token expiry. */
  private async scheduleExpiry(): Promise<void> {
    const oldest = this.store.oldestLastSeen();
    const open = this.ctx
      .getWebSockets()
      .filter((ws) => ws.readyState === WebSocket.OPEN)
      .map((ws) => attachmentOf<Attachment>(ws)!);
    const times = [oldest === null ? null : oldest + DEVICE_TIMEOUT_MS, earliestExpiry(open)].filter((t): t is number => t !== null);
    if (times.length === 0) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(Math.min(...times));
  }
}

/** The connect protocol's frames only. */
const push = (ws: WebSocket, message: ServerMessage): void => send(ws, message);

import { DurableObject } from 'cloudflare:workers';
import { BadRequest, Conflict, DomainError, domainErrorResponse, NotFound, ServiceUnavailable, Unprocessable } from '#core/errors.ts';
import { randomToken } from '#core/ids.ts';
import { shardOfId } from '#core/shards.ts';
import { settle, type RpcResult } from '#core/rpc-result.ts';
import { TOKEN_EXPIRED_CLOSE } from '#core/protocol/reauth.ts';
import {
  ClientMessage,
  type AddItems,
  type LiveItem,
  type MoveItem,
  type EditablePlaylistDetails,
  type PlaylistDetails,
  type RemoveItems,
  type ServerMessage,
} from '#core/protocol/playlist-live.ts';
import { missingCatalogIds } from '#core/catalog/reads.ts';
import { insertItems, moveItem, removeItems, type Actor, type Change } from './playlist-room/edits.ts';
import { catchUp, type Viewer } from './playlist-room/live.ts';
import { assertCanEdit, assertCanView, assertMaySetImage, assertOwner, roleOf, type PlaylistAccess } from '#core/playlists/permissions.ts';
import { RoomStorage, toLiveItem, type LoggedOp, type RoomRow } from './playlist-room/storage.ts';
import { WriteThrough, toD1, type CopyStatus } from './playlist-room/write-through.ts';
import { findUser } from './playlist-room/users.ts';
import { earliestExpiry, isExpired, reauthenticate, verifyUpgrade, wakeBy } from './socket-auth.ts';
import { acceptSocket, attachmentOf, broadcast, closeWith, readFrame, send } from './sockets.ts';
import { log } from '#core/log.ts';

/** Close codes for frames that are not messages: not JSON (or binary) 1003, too large 1009, wrong shape 1008. */
const FRAME_PROBLEM_CLOSE = { 400: 1003, 413: 1009, 422: 1008 } as const;
/** How long socket edits may sit in the outbox before the alarm copies them to D1. */
const WRITE_BEHIND_MS = 100;
/** Answers to create/update carry the first page of items, as `GET /playlists/{id}` does by default. */
const FIRST_PAGE = 20;

export interface PlaylistView extends PlaylistDetails {
  id: string;
  owner: { id: string; display_name: string };
  snapshot_id: string;
  /** Made by the platform for one listener (Discover Weekly), not by a person. */
  algorithmic: boolean;
  collaborators: { id: string; display_name: string }[];
  followers: { total: number };
  items: { total: number; offset: number; limit: number; entries: LiveItem[] };
}

export interface CreateInput extends EditablePlaylistDetails {
  id: string;
  owner: Actor;
  /** An algorithmic playlist's one listener: they follow it (not the owner, the platform) and may view it, private as it is. */
  madeFor?: string;
}

/**
 * One per playlist (`idFromName(playlist id)`): the single place every edit of
 * that playlist happens, REST and WebSocket alike, so there is one order. The
 * truth is the room's SQLite; D1 gets an in-order copy; live viewers get a diff
 * of every change over hibernating WebSockets.
 */
export class PlaylistRoom extends DurableObject<Env> {
  private readonly store: RoomStorage;
  private readonly writeThrough: WriteThrough;
  private readsServed = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new RoomStorage(ctx.storage.sql);
    this.writeThrough = new WriteThrough(env, this.store, (at) => wakeBy(ctx.storage, at));
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  // ---------- RPC ----------

  create(input: CreateInput): Promise<RpcResult<PlaylistView>> {
    return settle(async () => {
      if (this.store.room()) throw new Conflict('This playlist already exists.', 'playlist_exists');
      const now = Date.now();
      const snapshotId = randomToken();
      const shard = this.shard(input.id);
      const seq = this.ctx.storage.transactionSync(() => {
        this.store.initialize();
        this.store.insertRoom({
          id: input.id,
          owner_id: input.owner.id,
          owner_name: input.owner.display_name,
          name: input.name,
          description: input.description,
          public: input.public ? 1 : 0,
          collaborative: input.collaborative ? 1 : 0,
          snapshot_id: snapshotId,
          version: 0,
          created_at: now,
          updated_at: now,
          made_for: input.madeFor ?? null,
        });
        this.store.logOp(
          {
            version: 0,
            snapshot_id: snapshotId,
            prev_snapshot_id: '',
            by: input.owner.id,
            req_id: null,
            diff: {
              kind: 'details',
              details: { name: input.name, description: input.description, public: input.public, collaborative: input.collaborative, images: [] },
            },
            intent: { kind: 'details' },
          },
          now,
        );
        // The owner follows their own playlist, so it shows in their `GET /me/playlists`; an algorithmic one shows in its listener's.
        const follower = input.madeFor ?? input.owner.id;
        this.store.follow(follower, now);
        this.store.enqueue(shard, [this.playlistRow()]);
        return this.store.enqueue(this.shard(follower), [toD1.follow(follower, input.id, now)]);
      });
      await this.writeThrough.through(seq);
      return this.view(input.owner.id, 0, FIRST_PAGE);
    });
  }

  read(userId: string, offset: number, limit: number): Promise<RpcResult<PlaylistView>> {
    this.readsServed++;
    return settle(() => this.view(userId, offset, limit));
  }

  /** How many reads this instance has answered since it started (tests and benchmarks see which path a read took). */
  readCount(): number {
    return this.readsServed;
  }

  addItems(actor: Actor, input: AddItems, reqId?: string, wait = true): Promise<RpcResult<{ snapshot_id: string; item_ids: string[] }>> {
    return settle(async () => {
      assertCanEdit(this.access(), actor.id);
      const missing = await missingCatalogIds(this.env, 'track', input.track_ids);
      if (missing.length) throw new Unprocessable(`No track with id ${missing.map((m) => JSON.stringify(m)).join(', ')}; nothing was added.`, 'unknown_track');
      // The catalog read let other edits in: check again against the state this edit applies to.
      const room = this.editableRoom(actor, input.snapshot_id);
      let itemIds: string[] = [];
      const result = this.commit(room, actor, reqId, () => {
        const change = insertItems(this.store, room.id, actor, input.track_ids, input.after_item_id, Date.now());
        itemIds = change.itemIds;
        return change;
      });
      if (wait) await this.writeThrough.through(result.seq);
      return { snapshot_id: result.snapshot_id, item_ids: itemIds };
    });
  }

  removeItems(actor: Actor, input: RemoveItems, reqId?: string, wait = true): Promise<RpcResult<{ snapshot_id: string }>> {
    return settle(async () => {
      const room = this.editableRoom(actor, input.snapshot_id);
      const result = this.commit(room, actor, reqId, () => removeItems(this.store, input.item_ids));
      if (wait) await this.writeThrough.through(result.seq);
      return { snapshot_id: result.snapshot_id };
    });
  }

  moveItem(actor: Actor, input: MoveItem, reqId?: string, wait = true): Promise<RpcResult<{ snapshot_id: string }>> {
    return settle(async () => {
      const room = this.editableRoom(actor, input.snapshot_id);
      const result = this.commit(room, actor, reqId, () => moveItem(this.store, input.item_id, input.after_item_id));
      if (wait) await this.writeThrough.through(result.seq);
      return { snapshot_id: result.snapshot_id };
    });
  }

  /** Nothing else runs in the room meanwhile, so the access change copied to D1 first is the one the room then makes. */
  updateDetails(actor: Actor, patch: Partial<EditablePlaylistDetails>): Promise<RpcResult<PlaylistView>> {
    return this.ctx.blockConcurrencyWhile(() =>
      settle(async () => {
        const room = this.liveRoom();
        assertOwner(this.access(room), actor.id, 'change its details');
        const details = { ...this.store.details(room), ...patch };
        if (details.public !== (room.public === 1) || details.collaborative !== (room.collaborative === 1)) {
          await this.copyAccessFirst({ ...room, public: details.public ? 1 : 0, collaborative: details.collaborative ? 1 : 0 });
        }
        const result = this.commit(room, actor, undefined, () => {
          this.store.updateDetails(details);
          return { diff: { kind: 'details', details }, intent: { kind: 'details' }, d1: [] };
        });
        const seq = this.dropFollowersWhoLostAccess();
        this.closeSocketsWhoLostAccess();
        await this.writeThrough.through(Math.max(seq, result.seq));
        return this.view(actor.id, 0, FIRST_PAGE);
      }),
    );
  }

  /** Whether this caller may set the cover: asked before the upload is read, so nobody else makes the api decode anything. */
  mayChangeImage(actor: Actor, isAdmin: boolean): Promise<RpcResult<{ allowed: true }>> {
    return settle(async () => {
      assertMaySetImage(this.access(), actor.id, isAdmin);
      return { allowed: true as const };
    });
  }

  /** The cover, already stored under `hash` (workers/api/src/artwork): a details change every viewer sees. */
  setImage(actor: Actor, isAdmin: boolean, hash: string): Promise<RpcResult<Pick<PlaylistDetails, 'images'>>> {
    return settle(async () => {
      const room = this.liveRoom();
      assertMaySetImage(this.access(room), actor.id, isAdmin);
      const result = this.commit(room, actor, undefined, () => {
        if (room.image_hash === hash) return null;
        this.store.setImageHash(hash);
        return { diff: { kind: 'details', details: this.store.details(this.store.room()!) }, intent: { kind: 'details' }, d1: [] };
      });
      if (result.seq) await this.writeThrough.through(result.seq);
      return { images: this.store.details(this.liveRoom()).images };
    });
  }

  addCollaborator(actor: Actor, userId: string): Promise<RpcResult<PlaylistView>> {
    return settle(async () => {
      assertOwner(this.access(), actor.id, 'manage collaborators');
      if (userId === actor.id) throw new Unprocessable('The owner cannot be their own collaborator.', 'invalid_collaborator');
      const user = await findUser(this.env, userId);
      if (!user) throw new Unprocessable(`No user with id ${JSON.stringify(userId)}.`, 'unknown_user');
      const room = this.liveRoom();
      assertOwner(this.access(room), actor.id, 'manage collaborators');
      const now = Date.now();
      const seq = this.ctx.storage.transactionSync(() => {
        if (!this.store.addCollaborator(user.id, user.display_name, now)) return null;
        this.store.follow(user.id, now);
        this.store.enqueue(this.shard(room.id), [toD1.collaborator(room.id, user.id, now)]);
        return this.store.enqueue(this.shard(user.id), [toD1.follow(user.id, room.id, now)]);
      });
      // A playlist with collaborators is collaborative; say so to everyone watching.
      const after = room.collaborative
        ? null
        : this.commit(room, actor, undefined, () => {
            const details = { ...this.store.details(room), collaborative: true };
            this.store.updateDetails(details);
            return { diff: { kind: 'details', details }, intent: { kind: 'details' }, d1: [] };
          });
      const last = after?.seq ?? seq;
      if (last !== null) await this.writeThrough.through(last);
      return this.view(actor.id, 0, FIRST_PAGE);
    });
  }

  /**
   * The owner removes a collaborator, or a collaborator leaves. From then on
   * their edits are refused, and their sockets on this playlist are closed.
   */
  removeCollaborator(actor: Actor, userId: string): Promise<RpcResult<{ removed: true }>> {
    return settle(async () => {
      const room = this.liveRoom();
      const access = this.access(room);
      if (actor.id !== userId) assertOwner(access, actor.id, 'manage collaborators');
      if (!this.store.isCollaborator(userId)) {
        assertCanView(access, actor.id);
        throw new NotFound(`User ${JSON.stringify(userId)} is not a collaborator of this playlist.`, 'collaborator_not_found');
      }
      this.ctx.storage.transactionSync(() => {
        this.store.removeCollaborator(userId);
        this.store.enqueue(this.shard(room.id), [toD1.removeCollaborator(room.id, userId)]);
      });
      const seq = this.dropFollowersWhoLostAccess();
      for (const ws of this.ctx.getWebSockets(userId)) closeWith(ws, 1008, 'you are no longer a collaborator of this playlist');
      await this.writeThrough.through(seq);
      return { removed: true as const };
    });
  }

  follow(actor: Actor): Promise<RpcResult<{ followers: number }>> {
    return settle(async () => {
      const room = this.liveRoom();
      assertCanView(this.access(room), actor.id);
      const now = Date.now();
      const seq = this.ctx.storage.transactionSync(() => {
        this.store.follow(actor.id, now);
        this.store.enqueue(this.shard(actor.id), [toD1.follow(actor.id, room.id, now)]);
        return this.store.enqueue(this.shard(room.id), [this.playlistRow()]);
      });
      await this.writeThrough.through(seq);
      return { followers: this.store.followerCount() };
    });
  }

  /** Unfollowing is allowed to everyone who follows, the owner included (it only leaves their list). */
  unfollow(actor: Actor): Promise<RpcResult<{ followers: number }>> {
    return settle(async () => {
      const room = this.liveRoom();
      assertCanView(this.access(room), actor.id);
      const seq = this.ctx.storage.transactionSync(() => {
        this.store.unfollow(actor.id);
        this.store.enqueue(this.shard(actor.id), [toD1.unfollow(actor.id, room.id)]);
        return this.store.enqueue(this.shard(room.id), [this.playlistRow()]);
      });
      await this.writeThrough.through(seq);
      return { followers: this.store.followerCount() };
    });
  }

  /** Deleting (owner only) empties the room, tells every viewer, and leaves a tombstone so the id stays 404. */
  deletePlaylist(actor: Actor): Promise<RpcResult<{ deleted: true }>> {
    return this.ctx.blockConcurrencyWhile(() =>
      settle(async () => {
        const room = this.liveRoom();
        assertOwner(this.access(room), actor.id, 'delete it');
        await this.copyAccessFirst({ ...room, deleted_at: Date.now() }, 0, 0);
        const followers = this.store.followers();
        this.commit(room, actor, undefined, () => ({ diff: { kind: 'deleted' }, intent: { kind: 'deleted' }, d1: toD1.deletePlaylistContents(room.id) }));
        const now = Date.now();
        const seq = this.ctx.storage.transactionSync(() => {
          this.store.markDeleted(now);
          let last = this.store.enqueue(this.shard(room.id), [this.playlistRow(0, 0)]);
          for (const userId of followers) last = this.store.enqueue(this.shard(userId), [toD1.unfollow(userId, room.id)]);
          return last;
        });
        for (const ws of this.ctx.getWebSockets()) closeWith(ws, 1000, 'playlist deleted');
        await this.writeThrough.through(seq);
        return { deleted: true as const };
      }),
    );
  }

  /** How far the D1 copy is behind, and which shards' copies are failing (for operators and tests). */
  copyStatus(): CopyStatus {
    return this.writeThrough.status();
  }

  /** The applied operations, in order, as a replayable log (tests and benchmarks compare against it). */
  opLog(): LoggedOp[] {
    return this.store.opsAfter(-1);
  }

  /** The changes after `since` (or every change the log still holds), for clients that sync over HTTP. */
  changes(userId: string, since: string | undefined): Promise<RpcResult<{ snapshot_id: string; version: number; changes: LoggedOp[] }>> {
    return settle(() => {
      const room = this.liveRoom();
      assertCanView(this.access(room), userId);
      const from = since === undefined ? -1 : this.store.versionOf(since);
      if (from === null) throw new Unprocessable(`snapshot_id ${JSON.stringify(since)} is too old or unknown; read the playlist again.`, 'unknown_snapshot');
      return { snapshot_id: room.snapshot_id, version: room.version, changes: this.store.opsAfter(from) };
    });
  }

  // ---------- WebSocket ----------

  /** Only the upgrade of `/live` comes here, with the viewer's access token, which the room verifies itself. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('Upgrade')?.toLowerCase() !== 'websocket')
      return domainErrorResponse(new BadRequest('Expected a WebSocket upgrade.', 'websocket_required'));
    try {
      const { user, expiresAt } = await verifyUpgrade(this.env, request);
      const room = this.liveRoom();
      assertCanView(this.access(room), user.id);
      const { socket, response } = acceptSocket(this.ctx, [user.id], { userId: user.id, displayName: user.displayName, expiresAt } satisfies Viewer);
      catchUp(socket, this.store, room, new URL(request.url).searchParams.get('since') ?? undefined);
      await this.scheduleTokenExpiry();
      return response;
    } catch (err) {
      if (err instanceof DomainError) return domainErrorResponse(err);
      throw err;
    }
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const viewer = attachmentOf<Viewer>(ws);
    if (!viewer) return closeWith(ws, 1011, 'unknown viewer');
    if (isExpired(viewer)) return closeWith(ws, TOKEN_EXPIRED_CLOSE, 'access token expired; refresh it and reconnect');
    // A frame that is not a message of the protocol closes this socket only.
    const frame = readFrame(ClientMessage, message);
    if (!frame.ok) return closeWith(ws, FRAME_PROBLEM_CLOSE[frame.problem.status], frame.problem.message);
    const msg = frame.message;
    const actor = { id: viewer.userId, display_name: viewer.displayName };
    let result: RpcResult<{ snapshot_id: string; item_ids?: string[] }>;
    switch (msg.type) {
      case 'hello': {
        const room = this.store.room();
        if (room && !room.deleted_at) catchUp(ws, this.store, room, msg.since);
        return;
      }
      case 'auth': {
        const outcome = await reauthenticate(this.env, viewer, msg.access_token);
        if (!outcome.ok) {
          if (outcome.close) return closeWith(ws, 1008, outcome.message);
          return send(ws, { type: 'error', error: { status: outcome.status, code: outcome.code, message: outcome.message } } satisfies ServerMessage);
        }
        ws.serializeAttachment({ ...viewer, expiresAt: outcome.expiresAt } satisfies Viewer);
        send(ws, { type: 'authenticated', expires_at: outcome.expiresAt } satisfies ServerMessage);
        return this.scheduleTokenExpiry();
      }
      case 'add':
        result = await this.addItems(actor, msg, msg.req_id, false);
        break;
      case 'remove':
        result = await this.removeItems(actor, msg, msg.req_id, false);
        break;
      case 'move':
        result = await this.moveItem(actor, msg, msg.req_id, false);
        break;
    }
    const reqId = msg.req_id ? { req_id: msg.req_id } : {};
    if (result.ok) send(ws, { type: 'ack', ...reqId, ...result.value } satisfies ServerMessage);
    else
      send(ws, {
        type: 'error',
        ...reqId,
        error: { status: result.error.status, code: result.error.code, message: result.error.message },
      } satisfies ServerMessage);
    // Edits over sockets do not wait for D1: an alarm shortly after copies everything queued meanwhile in one batch.
    await wakeBy(this.ctx.storage, Date.now() + WRITE_BEHIND_MS);
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    closeWith(ws, code === 1005 || code === 1006 ? 1000 : code, reason);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    closeWith(ws, 1011, 'socket error');
  }

  /** Copies the outbox to D1, and closes the sockets whose access token expired. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    for (const ws of this.ctx.getWebSockets()) {
      const viewer = attachmentOf<Viewer>(ws);
      if (!viewer || isExpired(viewer, now)) closeWith(ws, TOKEN_EXPIRED_CLOSE, 'access token expired; refresh it and reconnect');
    }
    await this.writeThrough.through(Number.MAX_SAFE_INTEGER);
    await this.scheduleTokenExpiry();
  }

  // ---------- internals ----------

  private shard(id: string): number {
    return shardOfId(this.env, 'USERS', id);
  }

  private liveRoom(): RoomRow {
    const room = this.store.room();
    if (!room || room.deleted_at) throw new NotFound('No such playlist.', 'playlist_not_found');
    return room;
  }

  private access(room = this.liveRoom()): PlaylistAccess {
    return {
      id: room.id,
      ownerId: room.owner_id,
      isPublic: room.public === 1,
      isCollaborative: room.collaborative === 1,
      isCollaborator: (u) => this.store.isCollaborator(u),
      madeFor: room.made_for,
    };
  }

  /** The alarm wakes the room when the next open socket's token runs out. */
  private async scheduleTokenExpiry(): Promise<void> {
    const open = this.ctx.getWebSockets().flatMap((ws) => {
      const viewer = ws.readyState === WebSocket.OPEN ? attachmentOf<Viewer>(ws) : null;
      return viewer ? [viewer] : [];
    });
    const next = earliestExpiry(open);
    if (next !== null) await wakeBy(this.ctx.storage, next);
  }

  /** The current room, if this actor may edit it and the edit was made against its current snapshot (or none). */
  private editableRoom(actor: Actor, snapshotId: string | undefined): RoomRow {
    const room = this.liveRoom();
    assertCanEdit(this.access(room), actor.id);
    if (snapshotId !== undefined && snapshotId !== room.snapshot_id) {
      throw new Conflict(`snapshot_id ${JSON.stringify(snapshotId)} is not the playlist's current snapshot; nothing changed.`, 'snapshot_conflict');
    }
    return room;
  }

  private playlistRow(itemCount = this.store.liveCount(), followerCount = this.store.followerCount()) {
    return toD1.playlist(this.store.room()!, itemCount, followerCount);
  }

  /**
   * Who may see a playlist changes in D1 before it changes here: search,
   * listings and other D1 readers never see a playlist as more visible than the
   * room has it. The row goes out at the version the room's change will have, so
   * no older copy still queued can overwrite it. If D1 cannot take it, nothing changes.
   */
  private async copyAccessFirst(next: RoomRow, itemCount = this.store.liveCount(), followerCount = this.store.followerCount()): Promise<void> {
    try {
      await this.writeThrough.now(this.shard(next.id), toD1.playlist({ ...next, version: next.version + 1 }, itemCount, followerCount));
    } catch (err) {
      log('error', 'playlist_access_copy_refused', { worker: 'api', playlist_id: next.id, error: err });
      throw new ServiceUnavailable('This change cannot be saved right now; nothing was changed. Try again shortly.', 5, 'playlist_copy_unavailable');
    }
  }

  /**
   * Applies one change atomically: the edit, a new snapshot, the op log entry
   * and the queued D1 copy; then pushes the diff to every viewer. No change
   * (e.g. removing what is already gone) keeps the snapshot.
   */
  private commit(room: RoomRow, actor: Actor, reqId: string | undefined, edit: () => Change | null): { snapshot_id: string; seq: number } {
    const now = Date.now();
    const committed = this.ctx.storage.transactionSync(() => {
      const change = edit();
      if (!change) return null;
      const op: LoggedOp = {
        version: room.version + 1,
        snapshot_id: randomToken(),
        prev_snapshot_id: room.snapshot_id,
        by: actor.id,
        req_id: reqId ?? null,
        diff: change.diff,
        intent: change.intent,
      };
      this.store.advance(op.snapshot_id, op.version, now);
      this.store.logOp(op, now);
      const seq = this.store.enqueue(this.shard(room.id), [...change.d1, this.playlistRow()]);
      return { op, seq };
    });
    if (!committed) return { snapshot_id: room.snapshot_id, seq: 0 };
    const { op, seq } = committed;
    const message = JSON.stringify({
      type: 'change',
      snapshot_id: op.snapshot_id,
      prev_snapshot_id: op.prev_snapshot_id,
      version: op.version,
      by: op.by,
      ...(reqId ? { req_id: reqId } : {}),
      diff: op.diff,
    });
    broadcast(this.ctx.getWebSockets(), message);
    return { snapshot_id: op.snapshot_id, seq };
  }

  private view(userId: string, offset: number, limit: number): PlaylistView {
    const room = this.liveRoom();
    assertCanView(this.access(room), userId);
    return {
      id: room.id,
      owner: { id: room.owner_id, display_name: room.owner_name },
      ...this.store.details(room),
      snapshot_id: room.snapshot_id,
      algorithmic: room.made_for !== null,
      collaborators: this.store.collaborators().map((c) => ({ id: c.user_id, display_name: c.display_name })),
      followers: { total: this.store.followerCount() },
      items: { total: this.store.liveCount(), offset, limit, entries: limit > 0 ? this.store.livePage(offset, limit).map(toLiveItem) : [] },
    };
  }

  /** Followers of a playlist that went private lose it from their lists (owner and collaborators keep it). */
  private dropFollowersWhoLostAccess(): number {
    const access = this.access();
    return this.ctx.storage.transactionSync(() => {
      for (const userId of this.store.followers()) {
        if (roleOf(access, userId) !== 'none') continue;
        this.store.unfollow(userId);
        this.store.enqueue(this.shard(userId), [toD1.unfollow(userId, access.id)]);
      }
      return this.store.enqueue(this.shard(access.id), [this.playlistRow()]);
    });
  }

  private closeSocketsWhoLostAccess(): void {
    const access = this.access();
    for (const ws of this.ctx.getWebSockets()) {
      const viewer = attachmentOf<Viewer>(ws);
      if (!viewer || roleOf(access, viewer.userId) === 'none') closeWith(ws, 1008, 'this playlist is private now');
    }
  }
}

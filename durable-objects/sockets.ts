import type { z } from 'zod';
import { describeIssue } from '#core/http/validation.ts';
import type { RpcError } from '#core/rpc-result.ts';

/**
 * The WebSocket plumbing both socket-holding objects share (PlaylistRoom,
 * DeviceSession): accepting a hibernating socket with its tags and attachment,
 * reading a client frame against the protocol's zod schema, sending to one or
 * all, closing with a reason that fits. What a socket may do stays in each object.
 */

/** Larger frames are refused before parsing; no client message comes near it. */
export const MAX_FRAME_CHARS = 64 * 1024;

/** Accepts the server end (hibernating; `tags` select it later) and gives the 101 answer for the client end. */
export function acceptSocket<A>(ctx: DurableObjectState, tags: string[], attachment: A): { socket: WebSocket; response: Response } {
  const { 0: client, 1: server } = new WebSocketPair();
  ctx.acceptWebSocket(server, tags);
  server.serializeAttachment(attachment);
  return { socket: server, response: new Response(null, { status: 101, webSocket: client }) };
}

/** What the socket remembers about itself (survives hibernation); null for a socket accepted without one. */
export function attachmentOf<A>(ws: WebSocket): A | null {
  return (ws.deserializeAttachment() as A | null) ?? null;
}

export function send(ws: WebSocket, message: object | string): void {
  try {
    ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  } catch {
    // The socket is closing; its close handler tidies up.
  }
}

/** One serialisation for every receiver. */
export function broadcast(sockets: Iterable<WebSocket>, message: object | string): void {
  const text = typeof message === 'string' ? message : JSON.stringify(message);
  for (const ws of sockets) send(ws, text);
}

/** Close reasons are limited to 123 bytes; closing a closed socket is not an error. */
export function closeWith(ws: WebSocket, code: number, reason: string): void {
  let r = reason;
  while (new TextEncoder().encode(r).length > 123) r = r.slice(0, -1);
  try {
    ws.close(code, r);
  } catch {
    // Already closed.
  }
}

/** A frame that is not a message of the protocol, in the API's error vocabulary (400 not JSON, 413 too large, 422 wrong shape). */
export type FrameProblem = RpcError & { status: 400 | 413 | 422 };

export type Frame<T> = { ok: true; message: T } | { ok: false; problem: FrameProblem };

/**
 * One client frame, checked against the protocol's schema. Binary frames are
 * refused unless `binary: 'text'` (then read as UTF-8 text).
 */
export function readFrame<S extends z.ZodType>(
  schema: S,
  data: string | ArrayBuffer,
  { binary = 'refuse' }: { binary?: 'refuse' | 'text' } = {},
): Frame<z.output<S>> {
  if (typeof data !== 'string' && binary === 'refuse') return problem(400, 'binary_frame', 'Binary frames are not supported; send JSON text.');
  const text = typeof data === 'string' ? data : new TextDecoder().decode(data);
  if (text.length > MAX_FRAME_CHARS) return problem(413, 'frame_too_large', `Frames are limited to ${MAX_FRAME_CHARS} characters.`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return problem(400, 'malformed_message', 'Messages are JSON.');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return problem(422, 'invalid_message', describeIssue(parsed.error, { fallback: 'invalid message' }));
  return { ok: true, message: parsed.data };
}

const problem = (status: FrameProblem['status'], code: string, message: string): { ok: false; problem: FrameProblem } => ({
  ok: false,
  problem: { status, code, message },
});

import { exports } from 'cloudflare:workers';
import type { ZodType } from 'zod';
import { ServerMessage as ConnectMessage } from '#core/protocol/connect.ts';
import { ServerMessage as LiveMessage } from '#core/protocol/playlist-live.ts';
import { BASE } from '../test/helpers.ts';
import type { Failure } from './http-walk.ts';
import { BIDI, CONTROL, LONE_SURROGATE, TEN_KB } from './hostile-values.ts';
import { fieldMutations } from './mutations.ts';
import { errorShapeProblem, leakIn } from './verdict.ts';
import type { World } from './world.ts';

const FIELD_BUDGET_PER_EXAMPLE = 25;
/** Codes a server may close with on bad input; 1006 (abnormal) and 1011 (internal error) are failures. */
const ACCEPTABLE_CLOSE = (code: number) => [1000, 1003, 1007, 1008, 1009].includes(code) || (code >= 4000 && code <= 4999);

interface Frame {
  label: string;
  data: string | ArrayBuffer;
  /** Nothing valid could be read from it: the server must answer with an error or close. */
  mustRefuse: boolean;
}

/** A socket that keeps every frame as text, in order, and how it closed. */
class RawSocket {
  readonly frames: string[] = [];
  closed: { code: number; reason: string } | null = null;

  constructor(readonly ws: WebSocket) {
    ws.addEventListener('message', (e) => {
      this.frames.push(typeof e.data === 'string' ? e.data : `<binary ${(e.data as ArrayBuffer).byteLength} bytes>`);
    });
    ws.addEventListener('close', (e) => {
      this.closed = { code: e.code, reason: e.reason };
    });
    ws.accept();
  }

  async until(done: () => boolean, timeoutMs = 5000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!done() && !this.closed) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 5));
    }
    return done() || this.closed !== null;
  }
}

/** Frames that are wrong as a whole; the same for both sockets. */
function structuralFrames(): Frame[] {
  const bytes = new Uint8Array(256).map((_, i) => (i * 37) & 0xff);
  const refuse = (label: string, data: string | ArrayBuffer): Frame => ({ label, data, mustRefuse: true });
  return [
    refuse('not json', 'hello there'),
    refuse('empty', ''),
    refuse('open brace', '{'),
    refuse('null', 'null'),
    refuse('number', '42'),
    refuse('string', '"hello"'),
    refuse('array', '[]'),
    refuse('empty object', '{}'),
    refuse('unknown type', '{"type":"nope"}'),
    refuse('type null', '{"type":null}'),
    refuse('type number', '{"type":7}'),
    refuse('type __proto__', '{"type":"__proto__"}'),
    refuse('type constructor', '{"type":"constructor"}'),
    refuse('proto pollution', '{"__proto__":{"type":"hello"}}'),
    refuse('deep nesting', `${'['.repeat(10_000)}${']'.repeat(10_000)}`),
    refuse('1 MB frame', JSON.stringify({ type: 'nope', pad: 'y'.repeat(1024 * 1024) })),
    refuse('control chars', CONTROL),
    refuse('bidi', BIDI),
    refuse('lone surrogate', LONE_SURROGATE),
    refuse('10 kB garbage', TEN_KB),
    refuse('binary garbage', bytes.buffer),
    { label: 'binary json', data: new TextEncoder().encode('{"type":"hello"}').buffer as ArrayBuffer, mustRefuse: false },
  ];
}

function mutatedFrames(valid: Record<string, unknown>[], random: () => number): Frame[] {
  return valid.flatMap((example) =>
    fieldMutations(example, FIELD_BUDGET_PER_EXAMPLE, random).map((m) => ({ label: `${example.type} ${m.label}`, data: m.text!, mustRefuse: false })),
  );
}

interface SocketTarget {
  name: string;
  open: () => Promise<Response>;
  schema: ZodType;
  /** Whether a parsed server message is the greeting every new socket gets. */
  isGreeting: (m: Record<string, unknown>) => boolean;
  /** A valid frame whose answer is recognisable: once it is answered, everything sent before it was handled. */
  barrier: (n: number) => { frame: string; answered: (m: Record<string, unknown>) => boolean };
  /** The error frame's error object (the two protocols nest it differently). */
  errorOf: (m: Record<string, unknown>) => unknown;
  valid: Record<string, unknown>[];
}

/**
 * Sends hostile frames over both WebSockets, one at a time, each followed by
 * a barrier frame. Every server frame must parse as the protocol's message and
 * carry no internals; a frame with nothing valid in it must get an error or an
 * acceptable close; after everything, a fresh socket still gets its greeting.
 */
export class SocketWalk {
  sent = 0;
  readonly failures: Failure[] = [];

  constructor(
    private readonly world: World,
    private readonly random: () => number,
  ) {}

  async walk(): Promise<void> {
    for (const target of this.targets()) await this.walkTarget(target);
  }

  private targets(): SocketTarget[] {
    const w = this.world;
    const token = w.other.access_token;
    const liveToken = w.listener.access_token;
    const [t0] = w.trackIds as [string];
    return [
      {
        name: 'connect',
        open: () =>
          upgrade(`/api/v1/me/player/connect?${new URLSearchParams({ device_id: 'fuzz-ws', name: 'Fuzz socket', type: 'computer', access_token: token })}`),
        schema: ConnectMessage,
        isGreeting: (m) => m.type === 'state',
        barrier: (n) => ({
          frame: JSON.stringify({ type: 'hello', name: `barrier-${n}` }),
          answered: (m) => m.type === 'devices' && (m.devices as { name: string }[]).some((d) => d.name === `barrier-${n}`),
        }),
        errorOf: (m) => ({ error: { status: m.status, code: m.code, message: m.message } }),
        valid: [
          { type: 'hello', name: 'Fuzz', device_type: 'computer', volume_percent: 50 },
          { type: 'heartbeat' },
          { type: 'state_report', seq: 0, position_ms: 0, is_playing: false, volume_percent: 10, ended: false },
          { type: 'command', id: 'c1', command: { action: 'seek', position_ms: 1000 } },
          { type: 'command', id: 'c2', command: { action: 'transfer', device_id: 'fuzz-ws', play: true } },
          { type: 'auth', access_token: token },
        ],
      },
      {
        name: 'live',
        open: () => upgrade(`/api/v1/playlists/${w.socketPlaylistId}/live?${new URLSearchParams({ access_token: liveToken })}`),
        schema: LiveMessage,
        isGreeting: (m) => m.type === 'state',
        barrier: (n) => ({
          frame: JSON.stringify({ type: 'move', req_id: `barrier-${n}`, item_id: 'itm0_AAAAAAAAAAAAAAAA', after_item_id: null }),
          answered: (m) => m.req_id === `barrier-${n}`,
        }),
        errorOf: (m) => ({ error: m.error }),
        valid: [
          { type: 'hello', since: 'snap' },
          { type: 'add', req_id: 'r1', track_ids: [`encore:track:${t0}`], after_item_id: null },
          { type: 'remove', req_id: 'r2', item_ids: ['itm0_AAAAAAAAAAAAAAAA'] },
          { type: 'move', req_id: 'r3', item_id: 'itm0_AAAAAAAAAAAAAAAA', after_item_id: null },
          { type: 'auth', access_token: liveToken },
        ],
      },
    ];
  }

  private async walkTarget(target: SocketTarget): Promise<void> {
    const refuse = (label: string, token: string): Frame => ({ label, data: JSON.stringify({ type: 'auth', access_token: token }), mustRefuse: true });
    const foreignTokens = [
      refuse('auth with another account', this.world.artist.access_token),
      refuse('auth with a refresh token', this.world.listener.refresh_token),
      refuse('auth garbage', 'a.b.c'),
    ];
    const frames = [...structuralFrames(), ...foreignTokens, ...mutatedFrames(target.valid, this.random)];
    let socket: RawSocket | null = null;
    let n = 0;
    for (const frame of frames) {
      socket ??= await this.open(target);
      if (!socket) return;
      const before = socket.frames.length;
      const request = `#${this.sent} ${target.name} frame [${frame.label}] ${typeof frame.data === 'string' ? JSON.stringify(frame.data.slice(0, 100)) : '<binary>'}`;
      this.sent += 1;
      const barrier = target.barrier(n++);
      // A socket the server has just closed may refuse to send; the close itself is judged below.
      trySend(socket.ws, frame.data);
      if (!socket.closed) trySend(socket.ws, barrier.frame);
      const answered = await socket.until(() => socket!.frames.slice(before).some((f) => safeAnswer(f, barrier.answered)));
      const replies = socket.frames.slice(before);
      this.judgeFrames(target, replies, request);
      if (!answered)
        this.failures.push({ request, status: 0, problem: 'no answer to the barrier frame within 5 s', snippet: replies.join('\n').slice(0, 300) });
      if (socket.closed) {
        this.judgeClose(socket.closed, request);
      } else if (frame.mustRefuse && !replies.some((f) => parsed(f)?.type === 'error')) {
        this.failures.push({
          request,
          status: 0,
          problem: 'frame with nothing valid in it got neither an error nor a close',
          snippet: replies.join('\n').slice(0, 300),
        });
      }
      if (socket.closed) socket = null;
    }
    socket?.ws.close(1000, 'done');
    // The server survived everything: a fresh socket still gets its greeting.
    const fresh = await this.open(target);
    if (fresh) fresh.ws.close(1000, 'done');
  }

  private async open(target: SocketTarget): Promise<RawSocket | null> {
    const res = await target.open();
    if (res.status !== 101 || !res.webSocket) {
      this.failures.push({ request: `${target.name} open`, status: res.status, problem: 'upgrade refused', snippet: (await res.text()).slice(0, 300) });
      return null;
    }
    const socket = new RawSocket(res.webSocket);
    const greeted = await socket.until(() => socket.frames.some((f) => target.isGreeting(parsed(f) ?? {})));
    if (!greeted || socket.closed) {
      this.failures.push({
        request: `${target.name} open`,
        status: 101,
        problem: `no greeting (closed: ${JSON.stringify(socket.closed)})`,
        snippet: socket.frames.join('\n').slice(0, 300),
      });
      return null;
    }
    this.judgeFrames(target, socket.frames, `${target.name} greeting`);
    return socket;
  }

  private judgeFrames(target: SocketTarget, frames: string[], request: string): void {
    for (const text of frames) {
      const fail = (problem: string) => this.failures.push({ request, status: 0, problem, snippet: text.slice(0, 300) });
      const leak = leakIn(text);
      if (leak) {
        fail(leak);
        continue;
      }
      const message = parsed(text);
      if (!message || !target.schema.safeParse(message).success) {
        fail('server frame does not match the protocol');
        continue;
      }
      if (message.type !== 'error') continue;
      const error = target.errorOf(message);
      const shape = errorShapeProblem(error);
      const status = (error as { error?: { status?: number } }).error?.status ?? 0;
      if (shape) fail(shape);
      else if (status < 400 || status > 499) fail(`error frame with status ${status}`);
    }
  }

  private judgeClose(closed: { code: number; reason: string }, request: string): void {
    const leak = leakIn(closed.reason);
    if (leak) this.failures.push({ request, status: closed.code, problem: `close reason: ${leak}`, snippet: closed.reason });
    else if (!ACCEPTABLE_CLOSE(closed.code))
      this.failures.push({ request, status: closed.code, problem: `closed with ${closed.code}`, snippet: closed.reason });
  }
}

function upgrade(pathAndQuery: string): Promise<Response> {
  return exports.default.fetch(new Request(`${BASE}${pathAndQuery}`, { headers: { Upgrade: 'websocket' } }));
}

function parsed(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

function safeAnswer(text: string, answered: (m: Record<string, unknown>) => boolean): boolean {
  const m = parsed(text);
  return m !== null && answered(m);
}

function trySend(ws: WebSocket, data: string | ArrayBuffer): void {
  try {
    ws.send(data);
  } catch {
    // closing: nothing more can be sent
  }
}

import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, body, registerUser } from './helpers.ts';

/** Errors built outside a Hono app (Durable Object fetch) and the 426 of WebSocket routes go through core/errors.ts like every other. */
describe('one error vocabulary', () => {
  it('a plain GET of the Connect socket is 426 upgrade_required in the error shape, with Upgrade: websocket', async () => {
    const { access_token: token } = await registerUser();
    const res = await api('/api/v1/me/player/connect?device_id=a&name=A&type=computer', { token });
    expect(res.status).toBe(426);
    expect(res.headers.get('Upgrade')).toBe('websocket');
    expect(await body(res)).toEqual({ error: { status: 426, code: 'upgrade_required', message: expect.any(String) } });
  });

  it("the DeviceSession's own refusals carry the error shape and the error's headers", async () => {
    const session = env.DEVICE_SESSIONS.get(env.DEVICE_SESSIONS.idFromName(crypto.randomUUID()));
    const plain = await session.fetch('https://device-session/connect');
    expect(plain.status).toBe(426);
    expect(plain.headers.get('Upgrade')).toBe('websocket');
    expect(await body(plain)).toEqual({ error: { status: 426, code: 'upgrade_required', message: expect.any(String) } });

    const unsigned = await session.fetch('https://device-session/connect', { headers: { Upgrade: 'websocket' } });
    expect(unsigned.status).toBe(401);
    expect(unsigned.headers.get('WWW-Authenticate')).toBe('Bearer');
    expect(await body(unsigned)).toEqual({ error: { status: 401, code: 'invalid_token', message: expect.any(String) } });
  });

  it("the PlaylistRoom's refusal of a plain request is in the error shape", async () => {
    const room = env.PLAYLIST_ROOMS.get(env.PLAYLIST_ROOMS.idFromName(crypto.randomUUID()));
    const res = await room.fetch('https://playlist-room/connect');
    expect(res.status).toBe(400);
    expect(await body(res)).toEqual({ error: { status: 400, code: 'websocket_required', message: expect.any(String) } });
  });
});

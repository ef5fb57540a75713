import { describe, expect, it } from 'vitest';
import { importCatalog, adminSession, artist } from './catalog-fixtures.ts';
import { api, body, registerUser } from './helpers.ts';

const REGISTER = '/api/v1/auth/register';
const registration = (extra: object = {}) => ({
  email: `body-${crypto.randomUUID()}@example.com`,
  password: 'correct horse battery',
  display_name: 'Body',
  ...extra,
});

/** A JSON body of about `bytes` bytes that is otherwise a valid registration. */
const paddedRegistration = (bytes: number) => JSON.stringify(registration({ padding: 'x'.repeat(bytes) }));

describe('request bodies (413 and 415)', () => {
  it('answers 413 in the error shape to a JSON body over 64 kB, with or without Content-Length', async () => {
    const big = paddedRegistration(65 * 1024);
    const declared = await api(REGISTER, { method: 'POST', body: big, headers: { 'Content-Type': 'application/json' } });
    expect(declared.status).toBe(413);
    expect(await body(declared)).toEqual({ error: { status: 413, code: 'payload_too_large', message: expect.stringContaining('65536') } });

    const streamed = await api(REGISTER, {
      method: 'POST',
      body: new Blob([big]).stream(),
      headers: { 'Content-Type': 'application/json' },
      // @ts-expect-error: workerd needs this for a streamed request body
      duplex: 'half',
    });
    expect(streamed.status).toBe(413);
    expect((await body(streamed)).error.code).toBe('payload_too_large');

    // Authenticated routes too, and before any work is done on the body.
    const { access_token } = await registerUser();
    const library = await api('/api/v1/me/library', {
      method: 'PUT',
      token: access_token,
      body: JSON.stringify({ ids: ['x'.repeat(70_000)] }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(library.status).toBe(413);
  });

  it('still reads a JSON body just under the limit', async () => {
    const res = await api(REGISTER, { method: 'POST', body: paddedRegistration(60 * 1024), headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(201);
  });

  it('answers 415 to a body that is not application/json on a JSON endpoint', async () => {
    const json = JSON.stringify(registration());
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonp']) {
      const res = await api(REGISTER, { method: 'POST', body: json, headers: { 'Content-Type': contentType } });
      expect(res.status).toBe(415);
      expect(await body(res)).toEqual({ error: { status: 415, code: 'unsupported_media_type', message: expect.any(String) } });
    }
    // No Content-Type at all: bytes are not JSON by default.
    const untyped = await api(REGISTER, { method: 'POST', body: new TextEncoder().encode(json) });
    expect(untyped.status).toBe(415);
    // A charset parameter is fine.
    const withCharset = await api(REGISTER, { method: 'POST', body: json, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
    expect(withCharset.status).toBe(201);
  });

  it('leaves requests without a body alone', async () => {
    const { access_token } = await registerUser();
    // A bodiless POST on a route that takes none: whatever the player says, it is not about the body.
    const next = await api('/api/v1/me/player/next', { method: 'POST', token: access_token });
    expect([413, 415]).not.toContain(next.status);
    const me = await api('/api/v1/me', { token: access_token });
    expect(me.status).toBe(200);
  });

  it('keeps the larger limits of the routes that read their own bodies', async () => {
    // Catalog import: NDJSON well over 64 kB.
    const lines = Array.from({ length: 2_000 }, (_, i) => artist(`big-import-${i}`, `Artist number ${i} with a longer name`));
    const { res, json } = await importCatalog(lines, await adminSession());
    expect(res.status).toBe(200);
    expect(json).toMatchObject({ imported: 2_000, rejected: [] });
  });

  it('does not touch /media (the stream worker owns it)', async () => {
    const res = await api('/media/not-a-thing', { method: 'POST', body: 'x'.repeat(70_000), headers: { 'Content-Type': 'text/plain' } });
    expect([413, 415]).not.toContain(res.status);
  });
});

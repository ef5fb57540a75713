import { describe, expect, it } from 'vitest';
import { api, BASE, body, registerUser, testAddress } from './helpers.ts';
import { rest, subsonicClient, subsonicListener, workerFetch } from './subsonic-support.ts';

const md5 = async (s: string) =>
  [...new Uint8Array(await crypto.subtle.digest('MD5', new TextEncoder().encode(s)))].map((b) => b.toString(16).padStart(2, '0')).join('');
const hex = (s: string) => [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, '0')).join('');

describe('the /rest envelope', () => {
  it('answers ping in XML by default and in JSON with f=json, as Subsonic 1.16.1 with the OpenSubsonic fields', async () => {
    const xml = await rest('ping.view?v=1.16.1&c=test');
    expect(xml.status).toBe(200);
    expect(xml.contentType).toContain('text/xml');
    expect(xml.text).toContain('xmlns="http://subsonic.org/restapi"');
    expect(xml.response).toMatchObject({ status: 'ok', version: '1.16.1', type: 'encore', openSubsonic: true });
    const json = await rest('ping?f=json');
    expect(json.response).toMatchObject({ status: 'ok', version: '1.16.1', type: 'encore', serverVersion: expect.any(String), openSubsonic: true });
  });

  it('lists its OpenSubsonic extensions and a valid licence without credentials', async () => {
    const { openSubsonicExtensions } = (await rest('getOpenSubsonicExtensions?f=json')).response;
    expect(openSubsonicExtensions.map((e: { name: string }) => e.name)).toEqual(
      expect.arrayContaining(['formPost', 'apiKeyAuthentication', 'transcodeOffset']),
    );
    expect((await rest('getLicense?f=json')).response.license).toEqual({ valid: true });
  });

  it('answers an unknown method and a missing parameter with the spec codes, over HTTP 200', async () => {
    const unknown = await rest('nope.view?f=json');
    expect(unknown.status).toBe(200);
    expect(unknown.response).toMatchObject({ status: 'failed', error: { code: 70 } });
    const missing = await rest('getMusicFolders?f=json&t=abc&s=x');
    expect(missing.response).toMatchObject({ status: 'failed', error: { code: 10 } });
  });

  it('lets browser-based apps call from any origin (CORS): credentials are parameters, never cookies', async () => {
    const preflight = await workerFetch()(`${BASE}/rest/ping.view`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe('*');
    const res = await workerFetch()(`${BASE}/rest/ping.view?f=json`, { headers: { Origin: 'https://app.example' } });
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
  });

  it('takes a GET with Content-Type: application/json and no body (the client library sends one)', async () => {
    const res = await rest('ping?f=json', { headers: { 'Content-Type': 'application/json' } });
    expect(res.response.status).toBe('ok');
  });
});

describe('Subsonic sign-in', () => {
  it('issues an app password once; token auth (the client library), p= plain and p=enc: work with it', async () => {
    const { credentials, client } = await subsonicListener();
    expect((await client.ping()).status).toBe('ok');
    expect((await client.getMusicFolders()).musicFolders.musicFolder).toHaveLength(1);
    const u = encodeURIComponent(credentials.username);
    expect((await rest(`ping?f=json&u=${u}&p=${credentials.password}`)).response.status).toBe('ok');
    expect((await rest(`ping?f=json&u=${u}&p=enc:${hex(credentials.password)}`)).response.status).toBe('ok');
    const salt = 'c19b2d';
    expect((await rest(`getMusicFolders?f=json&u=${u}&t=${await md5(credentials.password + salt)}&s=${salt}`)).response.status).toBe('ok');
  });

  it('takes formPost bodies', async () => {
    const { credentials } = await subsonicListener();
    expect((await subsonicClient(credentials, { post: true }).getMusicFolders()).status).toBe('ok');
  });

  it('never accepts the account password, and refuses a wrong one with 40', async () => {
    const session = await registerUser();
    await api('/api/v1/me/subsonic-credentials', { method: 'POST', token: session.access_token });
    const withAccountPassword = subsonicClient({ username: session.user.id, password: 'correct horse battery' });
    expect(await withAccountPassword.ping()).toMatchObject({ status: 'failed', error: { code: 40 } });
  });

  it('stops working once revoked or replaced', async () => {
    const { session, credentials, client } = await subsonicListener();
    const again = await body(await api('/api/v1/me/subsonic-credentials', { method: 'POST', token: session.access_token }));
    expect(again.password).not.toBe(credentials.password);
    expect(await client.ping()).toMatchObject({ status: 'failed', error: { code: 40 } });
    const fresh = subsonicClient(again);
    expect((await fresh.ping()).status).toBe('ok');
    expect((await api('/api/v1/me/subsonic-credentials', { method: 'DELETE', token: session.access_token })).status).toBe(204);
    expect(await fresh.ping()).toMatchObject({ status: 'failed', error: { code: 40 } });
  });

  it('takes API keys (apiKeyAuthentication): 44 for a wrong or revoked one, 43 with u as well', async () => {
    const session = await registerUser();
    const created = await api('/api/v1/me/api-keys', { method: 'POST', token: session.access_token, json: { name: 'Symfonium' } });
    expect(created.status).toBe(201);
    const { id, key } = await body(created);
    const client = subsonicClient({ apiKey: key });
    expect((await client.getMusicFolders()).status).toBe('ok');
    expect((await body(await api('/api/v1/me/api-keys', { token: session.access_token }))).items).toEqual([
      { id, name: 'Symfonium', created_at: expect.any(String) },
    ]);
    expect((await rest(`ping?f=json&apiKey=${encodeURIComponent(key)}&u=${session.user.id}`)).response.error.code).toBe(43);
    expect((await rest(`ping?f=json&apiKey=${encodeURIComponent(`${key}x`)}`)).response.error.code).toBe(44);
    expect((await api(`/api/v1/me/api-keys/${id}`, { method: 'DELETE', token: session.access_token })).status).toBe(204);
    expect(await client.getMusicFolders()).toMatchObject({ status: 'failed', error: { code: 44 } });
  });

  it('shuts an address out after repeated failures, even for the right password', async () => {
    const { credentials } = await subsonicListener();
    const address = testAddress();
    const wrong = subsonicClient({ username: credentials.username, password: 'guess' }, { address });
    let refused = false;
    for (let i = 0; i < 40 && !refused; i++) refused = ((await wrong.ping()) as { error?: { message: string } }).error?.message.includes('Too many') ?? false;
    expect(refused).toBe(true);
    const right = await subsonicClient(credentials, { address }).ping();
    expect(right).toMatchObject({ status: 'failed', error: { code: 40, message: expect.stringContaining('Too many') } });
  });
});

import { exports } from 'cloudflare:workers';
import { XMLParser } from 'fast-xml-parser';
import { SubsonicAPI } from 'subsonic-api';
import { api, BASE, body, registerUser, testAddress } from './helpers.ts';

/** The worker's own fetch, as a Subsonic app on its own network address would reach it. */
export function workerFetch(address = testAddress()): typeof fetch {
  return ((input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    request.headers.set('CF-Connecting-IP', address);
    return exports.default.fetch(request);
  }) as typeof fetch;
}

export type Auth = { username: string; password: string } | { apiKey: string };

/** The npm OpenSubsonic client, pointed at the worker under test. */
export const subsonicClient = (auth: Auth, options: { post?: boolean; address?: string } = {}) =>
  new SubsonicAPI({ url: BASE, auth, post: options.post, fetch: workerFetch(options.address) });

/** A listener with an app password, and the client signed in with it. */
export async function subsonicListener(role: 'listener' | 'artist' = 'listener') {
  const session = await registerUser(role);
  const res = await api('/api/v1/me/subsonic-credentials', { method: 'POST', token: session.access_token });
  if (res.status !== 201) throw new Error(`credentials: ${res.status} ${await res.text()}`);
  const credentials = (await body(res)) as { username: string; password: string };
  return { session, credentials, client: subsonicClient(credentials) };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: true,
  isArray: (name) => ['index', 'artist', 'album', 'song', 'entry', 'playlist', 'musicFolder', 'openSubsonicExtensions'].includes(name),
});

/** A raw /rest call (for what the client library does not send: XML, malformed auth); the answer parsed from XML or JSON. */
export async function rest(path: string, init: RequestInit = {}, address?: string) {
  const res = await workerFetch(address)(`${BASE}/rest/${path}`, init);
  const text = await res.text();
  const parsed = res.headers.get('Content-Type')?.includes('json') ? JSON.parse(text) : parser.parse(text);
  return { status: res.status, contentType: res.headers.get('Content-Type'), text, response: parsed['subsonic-response'] };
}

import { exports } from 'cloudflare:workers';
import { assertMatchesContract } from './contract.ts';

export const BASE = 'https://encore.test';

export interface TestSession {
  access_token: string;
  refresh_token: string;
  user: { id: string; display_name: string; role: string };
}

/** Calls the api worker's own fetch handler, the way a client would. */
export async function api(path: string, init: RequestInit & { token?: string; json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(init.json);
  }
  const request = new Request(`${BASE}${path}`, { ...init, headers, body });
  const res = await exports.default.fetch(request);
  // Every answer a test sees is also checked against the OpenAPI document.
  await assertMatchesContract(request.method, request.url, res);
  return res;
}

/** Response bodies in tests are whatever the API sent; assertions check their shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const body = (res: Response): Promise<any> => res.json();

/**
 * A client address of its own (2001:db8::/32 is for documentation), as a
 * Cloudflare edge would set it: the login and registration limits count by it.
 */
export function testAddress(): string {
  const [a, b] = crypto.getRandomValues(new Uint16Array(2));
  return `2001:db8:${a!.toString(16)}:${b!.toString(16)}::1`;
}

let counter = 0;

export async function registerUser(role: 'listener' | 'artist' = 'listener', email?: string): Promise<TestSession> {
  counter += 1;
  const res = await api('/api/v1/auth/register', {
    method: 'POST',
    // Each test user signs up from its own address, so the per-address limit never trips by accident.
    headers: { 'CF-Connecting-IP': testAddress() },
    json: {
      email: email ?? `${role}${counter}-${crypto.randomUUID()}@example.com`,
      password: 'correct horse battery',
      display_name: `${role} ${counter}`,
      role,
    },
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  return body(res);
}

/** Polls until `check` passes: a queue delivers on its own schedule (batches wait up to a second). */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, attempts = 60): Promise<T> {
  let value = await read();
  for (let i = 0; i < attempts && !check(value); i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await read();
  }
  return value;
}

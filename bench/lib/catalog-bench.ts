/** Small pieces shared by the catalog and search benchmarks. */

export const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};

/** An admin access token (ADMIN_EMAILS holds admin@encore.local): registered, or logged in when it exists. */
export async function adminToken(origin: string): Promise<string> {
  const credentials = { email: 'admin@encore.local', password: 'bench admin password' };
  let res = await fetch(`${origin}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...credentials, display_name: 'Bench admin' }),
  });
  if (res.status === 409)
    res = await fetch(`${origin}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(credentials) });
  if (!res.ok) throw new Error(`admin sign-in failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** A listener access token for search requests. */
export async function listenerToken(origin: string): Promise<string> {
  const res = await fetch(`${origin}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: `bench-${Date.now()}@example.com`, password: 'bench listener password', display_name: 'Bench listener' }),
  });
  if (!res.ok) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

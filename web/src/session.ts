import type { Product } from '#core/protocol/tiers.ts';

/**
 * The signed-in session. Tokens live in sessionStorage (per tab, gone with the
 * tab) and memory, never localStorage; the access token is refreshed a minute
 * before it expires and again on any 401.
 */

export interface User {
  id: string;
  display_name: string;
  role: 'listener' | 'artist' | 'admin';
}

export interface AuthResponse {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  user: User;
}

interface Stored {
  access_token: string;
  refresh_token: string;
  expires_at: number;
  user: User;
}

const KEY = 'encore.session';
let current: Stored | null = read();
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<boolean> | null = null;
const listeners = new Set<(user: User | null) => void>();
const tokenListeners = new Set<(token: string) => void>();

function read(): Stored | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}

export const currentUser = (): User | null => current?.user ?? null;
export const accessToken = (): string | null => current?.access_token ?? null;

/**
 * The tier the current access token carries (its `prd` claim): what the API
 * grants until the next refresh, which picks up a change an admin made.
 */
export function currentProduct(): Product {
  try {
    const claims = JSON.parse(atob(current!.access_token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { prd?: unknown };
    return claims.prd === 'premium' ? 'premium' : 'free';
  } catch {
    return 'free';
  }
}

export function onSessionChange(fn: (user: User | null) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/**
 * Called with each new access token (sign-in and every refresh). Open sockets
 * send it over the socket, since the server closes a socket (4001) when the
 * token it was opened with expires.
 */
export function onAccessToken(fn: (token: string) => void): () => void {
  tokenListeners.add(fn);
  return () => tokenListeners.delete(fn);
}

export function signIn(auth: AuthResponse): void {
  current = { access_token: auth.access_token, refresh_token: auth.refresh_token, expires_at: Date.now() + auth.expires_in * 1000, user: auth.user };
  sessionStorage.setItem(KEY, JSON.stringify(current));
  scheduleRefresh();
  for (const fn of tokenListeners) fn(current.access_token);
  for (const fn of listeners) fn(current.user);
}

export function signOut(): void {
  current = null;
  sessionStorage.removeItem(KEY);
  clearTimeout(refreshTimer);
  for (const fn of listeners) fn(null);
}

/** Ends the login on the server too (its refresh tokens stop working), then here. */
export async function logOut(): Promise<void> {
  const refreshToken = current?.refresh_token;
  signOut();
  if (!refreshToken) return;
  try {
    await fetch('/api/v1/auth/logout', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refresh_token: refreshToken }),
    });
  } catch {
    // Offline: the tokens are gone from this tab; the refresh token expires on its own.
  }
}

/** Trades the refresh token for a new pair; concurrent callers share one request. */
export function refresh(): Promise<boolean> {
  if (!current) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      const res = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refresh_token: current?.refresh_token }),
      });
      if (res.status === 401 || res.status === 403) {
        signOut();
        return false;
      }
      if (!res.ok) return false;
      signIn((await res.json()) as AuthResponse);
      return true;
    } catch {
      return false; // offline: keep the session, try again later
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

function scheduleRefresh(): void {
  clearTimeout(refreshTimer);
  if (!current) return;
  const due = Math.max(5_000, current.expires_at - Date.now() - 60_000);
  refreshTimer = setTimeout(() => void refresh().then((ok) => ok || scheduleRetry()), due);
}

function scheduleRetry(): void {
  if (current) refreshTimer = setTimeout(() => void refresh().then((ok) => ok || scheduleRetry()), 30_000);
}

if (current) {
  if (current.expires_at - Date.now() < 60_000) void refresh();
  else scheduleRefresh();
}

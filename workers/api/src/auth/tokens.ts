import { sign, verify } from 'hono/jwt';
import { Unauthorized } from '../../../../core/errors.ts';
import type { Role } from '../../../../core/db/users-schema.ts';

/** What an access token says about its bearer; every authenticated route reads this. */
export interface AuthUser {
  id: string;
  role: Role;
  displayName: string;
  artistId: string | null;
  product: 'free' | 'premium';
}

interface AccessClaims {
  sub: string;
  role: Role;
  name: string;
  art?: string;
  prd: 'free' | 'premium';
  iat: number;
  exp: number;
}

export async function issueAccessToken(user: AuthUser, secret: string, ttlSeconds: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: AccessClaims = { sub: user.id, role: user.role, name: user.displayName, prd: user.product, iat: now, exp: now + ttlSeconds };
  if (user.artistId) claims.art = user.artistId;
  return sign({ ...claims }, secret, 'HS256');
}

export async function readAccessToken(token: string, secret: string): Promise<AuthUser> {
  let claims: AccessClaims;
  try {
    claims = (await verify(token, secret, 'HS256')) as unknown as AccessClaims;
  } catch {
    throw new Unauthorized('The access token is invalid or has expired.', 'invalid_token');
  }
  return { id: claims.sub, role: claims.role, displayName: claims.name, artistId: claims.art ?? null, product: claims.prd };
}

/** Refresh tokens are `{userId}.{secret}`: the user id routes to the shard, the secret's hash is stored. */
export function splitRefreshToken(token: string): { userId: string; secret: string } | null {
  const dot = token.lastIndexOf('.');
  if (dot <= 0 || dot === token.length - 1) return null;
  return { userId: token.slice(0, dot), secret: token.slice(dot + 1) };
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

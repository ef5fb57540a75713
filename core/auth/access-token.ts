import { sign, verify } from 'hono/jwt';
import { z } from 'zod';
import { roles, type Role } from '../db/users-schema.ts';
import { PRODUCTS, type Product } from '../protocol/tiers.ts';
import { Unauthorized } from '../errors.ts';

/**
 * Access tokens: HS256 JWTs the api worker issues and every holder of
 * JWT_SECRET verifies (the api worker per request, the Durable Objects that
 * hold WebSockets per upgrade and re-auth frame).
 */

/** What an access token says about its bearer; every authenticated route reads this. */
export interface AuthUser {
  id: string;
  role: Role;
  displayName: string;
  artistId: string | null;
  product: Product;
}

/** Who signs access tokens and who they are for; a token naming anything else is refused. */
export const JWT_ISSUER = 'encore-api';
export const JWT_AUDIENCE = 'encore';

/** The claims we issue; `exp` is required (hono's verify only checks it when present). */
const AccessClaims = z.object({
  sub: z.string().min(1),
  role: z.enum(roles),
  name: z.string(),
  art: z.string().optional(),
  prd: z.enum(PRODUCTS),
  iss: z.literal(JWT_ISSUER),
  aud: z.literal(JWT_AUDIENCE),
  iat: z.number(),
  exp: z.number().int().positive(),
});
type AccessClaims = z.infer<typeof AccessClaims>;

export async function issueAccessToken(user: AuthUser, secret: string, ttlSeconds: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: AccessClaims = {
    sub: user.id,
    role: user.role,
    name: user.displayName,
    prd: user.product,
    iss: JWT_ISSUER,
    aud: JWT_AUDIENCE,
    iat: now,
    exp: now + ttlSeconds,
  };
  if (user.artistId) claims.art = user.artistId;
  return sign({ ...claims }, secret, 'HS256');
}

/** A verified access token: its bearer and when it stops being valid (epoch ms). */
export interface VerifiedToken {
  user: AuthUser;
  expiresAt: number;
}

export async function verifyAccessToken(token: string, secret: string): Promise<VerifiedToken> {
  const invalid = new Unauthorized('The access token is invalid or has expired.', 'invalid_token');
  let payload: unknown;
  try {
    payload = await verify(token, secret, { alg: 'HS256', iss: JWT_ISSUER, aud: JWT_AUDIENCE });
  } catch {
    throw invalid;
  }
  const claims = AccessClaims.safeParse(payload);
  if (!claims.success) throw invalid;
  const c = claims.data;
  return { user: { id: c.sub, role: c.role, displayName: c.name, artistId: c.art ?? null, product: c.prd }, expiresAt: c.exp * 1000 };
}

export async function readAccessToken(token: string, secret: string): Promise<AuthUser> {
  return (await verifyAccessToken(token, secret)).user;
}

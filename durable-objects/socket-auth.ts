import { DomainError, Unauthorized } from '#core/errors.ts';
import { verifyAccessToken, type VerifiedToken } from '#core/auth/access-token.ts';
import { ACCESS_TOKEN_HEADER } from '#core/protocol/reauth.ts';

/**
 * How the Durable Objects that hold WebSockets know who is on each one, and
 * until when. The api worker forwards the access token it checked in
 * ACCESS_TOKEN_HEADER; the object verifies it again itself (the JWT secret is
 * in its env), so it believes nothing it did not verify. The token's `exp` goes
 * into the socket's attachment; past it the socket is closed with 4001 unless
 * the client re-authenticated over the socket with a fresh token of the same user.
 */

/** The part of a socket's attachment this file reads; each object adds its own fields. */
export interface SocketGrant {
  userId: string;
  /** Epoch ms; absent in attachments older than expiry, which count as expired. */
  expiresAt?: number;
}

export async function verifyUpgrade(env: Env, request: Request): Promise<VerifiedToken> {
  const token = request.headers.get(ACCESS_TOKEN_HEADER);
  if (!token) throw new Unauthorized();
  return verifyAccessToken(token, env.JWT_SECRET);
}

export type ReAuthOutcome = { ok: true; expiresAt: number } | { ok: false; status: DomainError['status']; code: string; message: string; close: boolean };

/** A fresh token for the same user extends the socket; another user's token closes it (the socket is not theirs). */
export async function reauthenticate(env: Env, grant: SocketGrant, token: string): Promise<ReAuthOutcome> {
  let verified: VerifiedToken;
  try {
    verified = await verifyAccessToken(token, env.JWT_SECRET);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return { ok: false, status: err.status, code: err.code, message: err.message, close: false };
  }
  if (verified.user.id !== grant.userId)
    return { ok: false, status: 403, code: 'wrong_user', message: 'The token is for another account than this socket.', close: true };
  return { ok: true, expiresAt: verified.expiresAt };
}

export const isExpired = (grant: SocketGrant, now = Date.now()): boolean => grant.expiresAt === undefined || grant.expiresAt <= now;

/** The earliest expiry among these sockets, or null when none is open. */
export function earliestExpiry(grants: SocketGrant[]): number | null {
  let earliest: number | null = null;
  for (const g of grants) if (g.expiresAt !== undefined && (earliest === null || g.expiresAt < earliest)) earliest = g.expiresAt;
  return earliest;
}

/**
 * An object has one alarm for several duties (write-behind, retries, device
 * timeouts, token expiry): move it only when this duty needs it sooner. Inside
 * the alarm handler getAlarm() is null until set again, so rescheduling there works too.
 */
export async function wakeBy(storage: DurableObjectStorage, at: number): Promise<void> {
  const current = await storage.getAlarm();
  if (current === null || at < current) await storage.setAlarm(at);
}

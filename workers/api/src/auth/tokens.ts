// Access tokens are shared with the Durable Objects that hold sockets, so they live in core/.
export { issueAccessToken, JWT_AUDIENCE, JWT_ISSUER, readAccessToken, verifyAccessToken, type AuthUser, type VerifiedToken } from '#core/auth/access-token.ts';

/** Refresh tokens are `{userId}.{secret}`: the user id routes to the shard, the secret's hash is stored. */
export function splitRefreshToken(token: string): { userId: string; secret: string } | null {
  const dot = token.lastIndexOf('.');
  if (dot <= 0 || dot === token.length - 1) return null;
  return { userId: token.slice(0, dot), secret: token.slice(dot + 1) };
}

/** Hex SHA-256 of a string (its UTF-8) or of raw bytes. */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', typeof data === 'string' ? new TextEncoder().encode(data) : data);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

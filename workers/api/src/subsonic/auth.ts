import { loadUser, toAuthUser } from '../auth/service.ts';
import type { AuthUser } from '../auth/tokens.ts';
import { appPasswordOf, userOfApiKey } from './credentials.ts';
import { missingParameter, SubsonicCode, SubsonicError } from './errors.ts';
import { countFailure, refuseIfShut } from './failure-limits.ts';
import type { SubsonicParams } from './params.ts';

/**
 * Who a /rest request is: `apiKey` (OpenSubsonic apiKeyAuthentication), or
 * `u` with `t`+`s` (token: md5(app password + salt)) or `p` (the app password,
 * plain or `enc:` hex). Only Subsonic credentials count (credentials.ts); the
 * account password is never one. Failures count like failed logins.
 */
export async function authenticate(env: Env, params: SubsonicParams, address: string): Promise<AuthUser> {
  const apiKey = params.get('apiKey');
  const username = params.get('u');
  const token = params.get('t');
  const password = params.get('p');
  if (apiKey !== undefined && (username !== undefined || token !== undefined || password !== undefined))
    throw new SubsonicError(SubsonicCode.conflictingMechanisms, 'Multiple conflicting authentication mechanisms provided.');
  if (token !== undefined && password !== undefined)
    throw new SubsonicError(SubsonicCode.conflictingMechanisms, 'Multiple conflicting authentication mechanisms provided.');
  await refuseIfShut(address);

  if (apiKey !== undefined) {
    const userId = await userOfApiKey(env, apiKey);
    if (!userId) {
      // Counted at the account the key names (its user id part), so one address's bad keys do not fill a shared bucket.
      await countFailure(env, apiKey.slice(0, apiKey.lastIndexOf('.')) || 'apiKey', address);
      throw new SubsonicError(SubsonicCode.invalidApiKey, 'Invalid API key.');
    }
    return userOf(userId);
  }

  if (username === undefined) throw missingParameter('u');
  if (token === undefined && password === undefined) throw missingParameter('t');
  const salt = token !== undefined ? params.required('s') : '';
  const expected = await appPasswordOf(env, username);
  const presented = token !== undefined ? token.toLowerCase() : decodePassword(password!);
  const matches = expected !== null && equalInConstantTime(token !== undefined ? await md5Hex(expected + salt) : expected, presented);
  if (!matches) {
    await countFailure(env, username, address);
    throw new SubsonicError(SubsonicCode.wrongCredentials, 'Wrong username or password. Use an app password from POST /api/v1/me/subsonic-credentials.');
  }
  return userOf(username);

  async function userOf(userId: string): Promise<AuthUser> {
    try {
      return toAuthUser(await loadUser(env, userId));
    } catch {
      throw new SubsonicError(SubsonicCode.wrongCredentials, 'The account no longer exists.');
    }
  }
}

/** `enc:` + hex of the UTF-8 bytes, or the password itself. A malformed hex form matches nothing. */
function decodePassword(p: string): string {
  if (!p.startsWith('enc:')) return p;
  const hex = p.slice(4);
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) return '';
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return new TextDecoder().decode(bytes);
}

/** MD5 is what the Subsonic token is made of; workerd's SubtleCrypto computes it. */
async function md5Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('MD5', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function equalInConstantTime(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  if (x.length !== y.length) return false;
  return crypto.subtle.timingSafeEqual(x, y);
}

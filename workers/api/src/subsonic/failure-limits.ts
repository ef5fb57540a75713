import { admitSubsonicFailure } from '../auth/attempt-limits.ts';
import { TooManyRequests } from '#core/errors.ts';
import { SubsonicCode, SubsonicError } from './errors.ts';

/**
 * Failed Subsonic sign-ins count like failed logins (attempt-limits.ts). The
 * rate limiter can only count, not peek, and successes must not count (an app
 * signs every request); so once a failure is refused, the address is marked
 * shut in this location's cache for the limiter's period, and every attempt
 * from it (right or wrong) is refused before any credential is checked: a
 * guesser learns nothing more while it is shut.
 */
const SHUT_SECONDS = 60;
const markOf = (address: string) => new Request(`https://subsonic-auth.internal/shut/${encodeURIComponent(address)}`);

export const tooManyFailures = () =>
  new SubsonicError(SubsonicCode.wrongCredentials, 'Too many failed sign-ins from your network; wait a minute and try again.');

export async function refuseIfShut(address: string): Promise<void> {
  if (await caches.default.match(markOf(address))) throw tooManyFailures();
}

export async function countFailure(env: Env, username: string, address: string): Promise<void> {
  try {
    await admitSubsonicFailure(env, username, address);
  } catch (err) {
    if (!(err instanceof TooManyRequests)) throw err;
    await caches.default.put(markOf(address), new Response('shut', { headers: { 'Cache-Control': `max-age=${SHUT_SECONDS}` } }));
    throw tooManyFailures();
  }
}

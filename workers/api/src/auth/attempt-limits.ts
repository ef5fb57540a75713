import { TooManyRequests } from '#core/errors.ts';

/** Every limiter here counts per minute (wrangler.toml `[[ratelimits]]` period), so a refusal says wait that long. */
const LIMIT_PERIOD_SECONDS = 60;

/**
 * The client address the limits count by: `CF-Connecting-IP`, which Cloudflare's
 * edge sets and clients cannot override. IPv6 counts by its /64, since one
 * subscriber usually holds a whole /64. Requests without it (only in-process
 * callers and tests) share one bucket.
 */
export function clientAddress(request: Request): string {
  const raw = request.headers.get('CF-Connecting-IP')?.trim().toLowerCase().slice(0, 64);
  if (!raw) return 'unknown';
  return raw.includes(':') ? (ipv6Prefix64(raw) ?? raw) : raw;
}

function ipv6Prefix64(address: string): string | null {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped) return mapped[1]!;
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string | undefined) => (half ? half.split(':') : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const width = (list: string[]) => list.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const all = halves.length === 2 ? [...head, ...Array<string>(Math.max(0, 8 - width(head) - width(tail))).fill('0'), ...tail] : head;
  const prefix = all.slice(0, 4);
  if (prefix.length < 4 || !prefix.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return `${prefix.map((g) => Number.parseInt(g, 16).toString(16)).join(':')}::/64`;
}

async function admit(limiter: RateLimit, key: string, message: string, code: string): Promise<void> {
  if (!(await limiter.limit({ key })).success) throw new TooManyRequests(message, LIMIT_PERIOD_SECONDS, code);
}

/**
 * Counts one sign-in attempt (right or wrong) before any password is hashed.
 * One address gets few attempts across all accounts (no cheap spraying), and
 * few at any one account; an account's own ceiling is generous, so locking a
 * victim out takes many addresses rather than ten guesses. Checked in that
 * order and stopped at the first refusal, so refused attempts do not count
 * towards the later limits.
 */
export async function admitLogin(env: Env, email: string, address: string): Promise<void> {
  await admit(env.LOGIN_ADDRESS_LIMITER, address, 'Too many sign-in attempts from your network; wait a minute and try again.', 'too_many_attempts');
  await admit(
    env.LOGIN_ACCOUNT_LIMITER,
    `${address} ${email}`,
    'Too many sign-in attempts for this account; wait a minute and try again.',
    'too_many_attempts',
  );
  await admit(env.LOGIN_ACCOUNT_CEILING, email, 'Too many sign-in attempts for this account; wait a minute and try again.', 'too_many_attempts');
}

/** Counts one registration from an address, before anything is looked up or hashed. */
export async function admitRegistration(env: Env, address: string): Promise<void> {
  await admit(env.REGISTER_LIMITER, address, 'Too many accounts created from your network; wait a minute and try again.', 'too_many_registrations');
}

/**
 * Counts one failed Subsonic sign-in (workers/api/src/subsonic/auth.ts) against
 * the same budgets as a sign-in attempt: the address, the address at that
 * username, the username. Only failures count there, since an app signs every
 * request; a refusal is what the caller then remembers to shut the door.
 */
export async function admitSubsonicFailure(env: Env, username: string, address: string): Promise<void> {
  await admitLogin(env, `subsonic:${username}`, address);
}

import { describe, expect, it } from 'vitest';
import { clientAddress } from '../src/auth/attempt-limits.ts';
import { api, body, registerUser, testAddress } from './helpers.ts';

// The limits of wrangler.toml's [[ratelimits]] (per minute).
const LOGIN_PER_ADDRESS = 30;
const LOGIN_PER_ACCOUNT_AND_ADDRESS = 10;
const REGISTRATIONS_PER_ADDRESS = 60;

/**
 * The limiters count in windows aligned to the wall clock's minutes; start a
 * test that must stay inside one window early enough in a fresh one.
 */
async function freshWindow(needMs = 20_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < needMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

const login = (email: string, password: string, address: string) =>
  api('/api/v1/auth/login', { method: 'POST', json: { email, password }, headers: { 'CF-Connecting-IP': address } });

const register = (email: string, address: string) =>
  api('/api/v1/auth/register', {
    method: 'POST',
    json: { email, password: 'correct horse battery', display_name: 'Signup' },
    headers: { 'CF-Connecting-IP': address },
  });

async function expectLimited(res: Response, code: string) {
  expect(res.status).toBe(429);
  expect(res.headers.get('Retry-After')).toBe('60');
  expect(await body(res)).toEqual({ error: { status: 429, code, message: expect.any(String) } });
}

describe('sign-in and sign-up limits', () => {
  it('limits login attempts per address across accounts, so spraying passwords is not free', { timeout: 90_000 }, async () => {
    await freshWindow();
    const attacker = testAddress();
    for (let i = 0; i < LOGIN_PER_ADDRESS; i++) {
      expect((await login(`spray-${i}-${crypto.randomUUID()}@example.com`, 'Summer2026!', attacker)).status).toBe(401);
    }
    await expectLimited(await login(`spray-last-${crypto.randomUUID()}@example.com`, 'Summer2026!', attacker), 'too_many_attempts');

    // Another address is not affected.
    const someone = await registerUser('listener', `someone-${crypto.randomUUID()}@example.com`);
    expect(someone.user.role).toBe('listener');
  });

  it('stops guessing one account from one address, yet the owner still signs in from elsewhere', { timeout: 90_000 }, async () => {
    await freshWindow();
    const email = `victim-${crypto.randomUUID()}@example.com`;
    await registerUser('listener', email);
    const attacker = testAddress();
    for (let i = 0; i < LOGIN_PER_ACCOUNT_AND_ADDRESS; i++) expect((await login(email, `guess ${i}`, attacker)).status).toBe(401);
    await expectLimited(await login(email, 'guess again', attacker), 'too_many_attempts');
    // Even the right password waits at that address: the limit is on attempts, not on failures.
    await expectLimited(await login(email, 'correct horse battery', attacker), 'too_many_attempts');

    const owner = await login(email, 'correct horse battery', testAddress());
    expect(owner.status).toBe(200);
  });

  it('counts an IPv6 client by its /64', { timeout: 90_000 }, async () => {
    await freshWindow();
    const email = `v6-${crypto.randomUUID()}@example.com`;
    await registerUser('listener', email);
    const prefix = testAddress().replace(/::1$/, '');
    for (let i = 0; i < LOGIN_PER_ACCOUNT_AND_ADDRESS; i++) expect((await login(email, `guess ${i}`, `${prefix}:${i + 1}:0:0:${i + 7}`)).status).toBe(401);
    await expectLimited(await login(email, 'guess again', `${prefix}::abcd`), 'too_many_attempts');
  });

  it('limits registrations per address, before anything is looked up', { timeout: 90_000 }, async () => {
    await freshWindow();
    const address = testAddress();
    const email = `signup-${crypto.randomUUID()}@example.com`;
    expect((await register(email, address)).status).toBe(201);
    // Repeats of a taken email are cheap to send and still count.
    for (let i = 1; i < REGISTRATIONS_PER_ADDRESS; i++) expect((await register(email, address)).status).toBe(409);
    await expectLimited(await register(`signup-${crypto.randomUUID()}@example.com`, address), 'too_many_registrations');
    expect((await register(`signup-${crypto.randomUUID()}@example.com`, testAddress())).status).toBe(201);
  });

  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['2001:DB8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002::9', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::ffff:198.51.100.7', '198.51.100.7'],
    [null, 'unknown'],
  ])('reads the client address %s as %s', (header, expected) => {
    const headers = new Headers();
    if (header !== null) headers.set('CF-Connecting-IP', header);
    expect(clientAddress(new Request('https://encore.test/', { headers }))).toBe(expected);
  });
});

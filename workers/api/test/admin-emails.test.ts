/// <reference types="vite/client" />
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import committedConfig from '../../../wrangler.toml?raw';
import { register } from '../src/auth/service.ts';
import { testAddress } from './helpers.ts';

describe('ADMIN_EMAILS', () => {
  it('is not in the committed wrangler.toml, so a deployment of it makes nobody admin', () => {
    expect(committedConfig).toContain('[vars]');
    const assignments = committedConfig.split('\n').filter((line) => /^\s*ADMIN_EMAILS\s*=/.test(line));
    expect(assignments).toEqual([]);
  });

  it('unset: registering admin@encore.local gives an ordinary listener', async () => {
    const { ADMIN_EMAILS: _, ...withoutAdmins } = env as Env & { ADMIN_EMAILS?: string };
    const session = await register(
      withoutAdmins as Env,
      { email: 'admin@encore.local', password: 'correct horse battery', display_name: 'First comer', role: 'listener' },
      testAddress(),
      null,
    );
    expect(session.user.role).toBe('listener');
  });
});

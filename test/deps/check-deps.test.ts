import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const script = path.join(root, 'scripts/check-deps.mjs');

function check(treeRoot: string) {
  const run = spawnSync(process.execPath, [script, '--root', treeRoot], { encoding: 'utf8' });
  return { status: run.status, out: run.stdout + run.stderr };
}

/** A throwaway tree: package.json with the project's aliases and the given files. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'check-deps-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ imports: { '#core/*': './core/*', '#do/*': './durable-objects/*' } }));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('npm run check:deps', () => {
  it('passes on the repository', () => {
    const { status, out } = check(root);
    expect(out).toContain('dependency direction ok');
    expect(status).toBe(0);
  });

  it('accepts imports along the direction, relative or through the aliases', () => {
    const dir = tree({
      'core/errors.ts': 'export class DomainError {}\n',
      'core/protocol/connect.ts': "import { DomainError } from '../errors.ts';\n",
      'durable-objects/device-session.ts': "import { DomainError } from '#core/errors.ts';\nexport type { X } from './device-session/commands.ts';\n",
      'workers/api/src/player/session.ts':
        "import type { DeviceSession } from '#do/device-session.ts';\nimport { x } from '../../../../core/protocol/connect.ts';\n",
      'workers/api/test/rules.test.ts': "import { applyCommand } from '../../../durable-objects/device-session/commands.ts';\n",
      'web/src/net/socket.ts': "import { ServerMessage } from '#core/protocol/connect.ts';\nimport { z } from 'zod';\n",
    });
    expect(check(dir)).toMatchObject({ status: 0 });
  });

  it('fails on each import against the direction and names file:line', () => {
    const dir = tree({
      'core/catalog/reads.ts':
        "// import { x } from '../../workers/api/src/a.ts'; (a comment does not count)\nimport { users } from '../db/users.ts';\nimport { y } from '../../workers/api/src/library/refs.ts';\n",
      'core/rpc.ts': "import {\n  room,\n} from '#do/playlist-room.ts';\n",
      'durable-objects/socket-auth.ts': "import { verifyAccessToken } from '../workers/api/src/auth/tokens.ts';\n",
      'workers/api/src/playlists/routes.ts': "import { unwrap } from '#do/playlist-room/rpc-result.ts';\n",
      'workers/stream/src/index.ts': "export { thing } from '../../api/src/thing.ts';\n",
      'web/src/api.ts': "const m = await import('../../durable-objects/playlist-room.ts');\n",
    });
    const { status, out } = check(dir);
    expect(status).toBe(1);
    expect(out).toContain('core/catalog/reads.ts:3: imports ../../workers/api/src/library/refs.ts');
    expect(out).not.toContain('core/catalog/reads.ts:1');
    expect(out).toContain('core/rpc.ts:3: imports #do/playlist-room.ts');
    expect(out).toContain('durable-objects/socket-auth.ts:1: imports ../workers/api/src/auth/tokens.ts');
    expect(out).toContain('workers/api/src/playlists/routes.ts:1: imports #do/playlist-room/rpc-result.ts');
    expect(out).toContain('workers/stream/src/index.ts:1: imports ../../api/src/thing.ts');
    expect(out).toContain('web/src/api.ts:1: imports ../../durable-objects/playlist-room.ts');
    expect(out).toContain('6 import(s) against the dependency direction');
  });
});

import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const sets = [
  { name: 'catalog', schema: 'core/db/catalog*.ts' },
  { name: 'users', schema: 'core/db/users*.ts' },
];
const scratch = mkdtempSync(path.join(tmpdir(), 'encore-migrations-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Journal {
  entries: { idx: number; tag: string; when: number }[];
}
interface Snapshot {
  id: string;
  prevId: string;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

describe.each(sets)('migrations/$name', ({ name, schema }) => {
  const dir = path.join(root, 'migrations', name);

  it('journals every migration file, in order, with no gap, each with a snapshot chained to the one before', () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    const journal = readJson<Journal>(path.join(dir, 'meta/_journal.json'));
    expect(journal.entries.map((e) => `${e.tag}.sql`)).toEqual(files);
    journal.entries.forEach((entry, i) => {
      expect(entry.idx).toBe(i);
      expect(entry.tag.slice(0, 4)).toBe(String(i).padStart(4, '0'));
      if (i > 0) expect(entry.when).toBeGreaterThan(journal.entries[i - 1]!.when);
    });
    const snapshots = journal.entries.map((e) => readJson<Snapshot>(path.join(dir, 'meta', `${e.tag.slice(0, 4)}_snapshot.json`)));
    snapshots.forEach((snapshot, i) => {
      expect(snapshot.prevId).toBe(i === 0 ? '00000000-0000-0000-0000-000000000000' : snapshots[i - 1]!.id);
    });
  });

  it('matches the drizzle tables: drizzle-kit generate has nothing to write', () => {
    const out = path.join(scratch, name);
    cpSync(dir, out, { recursive: true });
    const config = path.join(scratch, `drizzle.${name}.config.ts`);
    writeFileSync(config, `export default ${JSON.stringify({ dialect: 'sqlite', schema, out: path.relative(root, out) })};\n`);
    const bin = path.join(root, 'node_modules/.bin/drizzle-kit');
    const run = spawnSync(bin, ['generate', '--config', config], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout + run.stderr).toContain('No schema changes');
    expect(
      readdirSync(out)
        .filter((f) => f.endsWith('.sql'))
        .sort(),
    ).toEqual(
      readdirSync(dir)
        .filter((f) => f.endsWith('.sql'))
        .sort(),
    );
  }, 60_000);
});

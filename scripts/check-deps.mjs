// The dependency direction, checked: core/ ← durable-objects/ ← workers/*.
// Scans the source files' import/export specifiers (relative paths and the
// package.json `imports` aliases such as #core/...), resolves them against the
// tree and prints every import against the direction as file:line. Exit 1 if any.
//
//   node scripts/check-deps.mjs [--root <dir>]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SOURCE_DIRS = ['core', 'durable-objects', 'workers', 'web/src', 'transcoder/src'];
const EXTENSIONS = ['.ts', '.mts', '.mjs', '.js'];
const SKIP_DIRS = new Set(['node_modules', 'dist', '.wrangler', '.tmp']);
/** Tests (and their configs) may reach into any module they test; the rules are for what ships. */
const isTest = (rel) => /(^|\/)(test|tests|fuzz|testing)\//.test(rel) || /\.test\.[mc]?[jt]s$/.test(rel) || /(^|\/)vitest\.[\w.]*config\.[mc]?[jt]s$/.test(rel);

/**
 * Where a file sits decides what it may import (paths relative to the root).
 * Durable Objects' public surface is the top-level files of durable-objects/
 * (the classes and what they export); their subdirectories are internals.
 */
export function violation(from, to) {
  const inside = (rel, dir) => rel === dir || rel.startsWith(`${dir}/`);
  if (inside(from, 'core')) return inside(to, 'core') ? null : 'core/ imports only core/';
  if (inside(from, 'durable-objects')) {
    return inside(to, 'core') || inside(to, 'durable-objects') ? null : 'durable-objects/ imports only core/ and durable-objects/';
  }
  const worker = from.match(/^workers\/[^/]+/)?.[0];
  if (worker) {
    if (inside(to, worker) || inside(to, 'core')) return null;
    if (/^durable-objects\/[^/]+$/.test(to)) return null;
    if (inside(to, 'durable-objects')) return 'workers import a Durable Object only through its public module (durable-objects/<name>.ts)';
    if (inside(to, 'workers')) return 'a worker does not import another worker';
    return 'workers import only their own files, core/ and durable-objects/';
  }
  if (inside(from, 'web')) return inside(to, 'web') || inside(to, 'core/protocol') ? null : 'web/ imports only web/ and core/protocol/';
  if (inside(from, 'transcoder')) return inside(to, 'transcoder') || inside(to, 'core') ? null : 'transcoder/ imports only transcoder/ and core/';
  return null;
}

/** Specifiers with their 1-based line, from import/export-from statements, side-effect imports and dynamic import(). */
export function specifiers(text) {
  // Blank whole-line comments (keeping newlines) so commented-out code and JSDoc examples do not count.
  const code = text.replace(/^[ \t]*(\/\/|\/?\*).*$/gm, '');
  const found = [];
  const patterns = [/\b(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) {
    for (const m of code.matchAll(pattern)) {
      const at = m.index + m[0].lastIndexOf(m[1]);
      found.push({ specifier: m[1], line: code.slice(0, at).split('\n').length });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

/** package.json `imports`: "#core/*" → "./core/*" becomes a prefix pair. */
function aliasesOf(root) {
  const file = path.join(root, 'package.json');
  if (!existsSync(file)) return [];
  const imports = JSON.parse(readFileSync(file, 'utf8')).imports ?? {};
  return Object.entries(imports).flatMap(([key, target]) => {
    const to = typeof target === 'string' ? target : (target?.default ?? target?.import);
    if (typeof to !== 'string') return [];
    return [{ from: key.replace(/\*$/, ''), to: to.replace(/\*$/, '').replace(/^\.\//, ''), exact: !key.endsWith('*') }];
  });
}

/** The imported path relative to the root, or null for a package. */
function resolve(root, aliases, file, specifier) {
  if (specifier.startsWith('.'))
    return path
      .relative(root, path.resolve(path.dirname(file), specifier))
      .split(path.sep)
      .join('/');
  for (const a of aliases) {
    if (a.exact ? specifier === a.from : specifier.startsWith(a.from)) return path.posix.normalize(a.to + specifier.slice(a.from.length));
  }
  return null;
}

function* sourceFiles(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) yield* sourceFiles(full);
    } else if (EXTENSIONS.some((e) => entry.name.endsWith(e)) && !entry.name.endsWith('.d.ts')) {
      yield full;
    }
  }
}

export function checkTree(root) {
  const aliases = aliasesOf(root);
  const problems = [];
  for (const dir of SOURCE_DIRS) {
    for (const file of sourceFiles(path.join(root, dir))) {
      const from = path.relative(root, file).split(path.sep).join('/');
      if (isTest(from)) continue;
      for (const { specifier, line } of specifiers(readFileSync(file, 'utf8'))) {
        const to = resolve(root, aliases, file, specifier);
        const rule = to === null ? null : violation(from, to);
        if (rule) problems.push(`${from}:${line}: imports ${specifier} (${rule})`);
      }
    }
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--root');
  const root = path.resolve(at > 0 ? process.argv[at + 1] : path.join(import.meta.dirname, '..'));
  const problems = checkTree(root);
  for (const p of problems) console.error(p);
  if (problems.length > 0) {
    console.error(`\n${problems.length} import(s) against the dependency direction (core/ ← durable-objects/ ← workers/*).`);
    process.exit(1);
  }
  console.log('dependency direction ok');
}

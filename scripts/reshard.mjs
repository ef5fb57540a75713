#!/usr/bin/env node
// Moves a range of virtual shards from the database that holds it to another, on the
// running platform (README "Resharding"). The api worker does the work
// (/api/v1/admin/shards, workers/api/src/reshard/); this only drives it, step by step
// and page by page, printing progress. Re-running the same command resumes an
// interrupted move where its state (shard_map_state) says it stopped.
//
//   node scripts/reshard.mjs --family CATALOG --range 896-1023 --to CATALOG_4 \
//     [--origin http://localhost:8787] [--token $ENCORE_ADMIN_TOKEN]
//
// The token is an admin's access token (ENCORE_ADMIN_TOKEN), or ENCORE_ADMIN_EMAIL and
// ENCORE_ADMIN_PASSWORD to log in with.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { client } from './lib/client.mjs';

/** Every worker re-reads the map within this (core/shard-map-runtime.ts SHARD_MAP_REFRESH_MS), plus in-flight requests. */
const SETTLE_MS = 2_000 + 3_000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @param {{origin: string, token: string, family: string, from: number, to: number, target: string, log?: (line: string) => void, settleMs?: number}} options
 */
export async function reshard({ origin, token, family, from, to, target, log = console.log, settleMs = SETTLE_MS }) {
  const api = client(origin, token);
  const base = `/api/v1/admin/shards/${family}`;
  let state = await api.call('GET', base);
  // In copy order; deletes go in reverse (children before parents).
  const tables = state.tables.map((t) => t.table);
  const compared = state.tables.filter((t) => !t.whole).map((t) => t.table);
  if (state.move && (state.move.from !== from || state.move.to !== to || state.move.target !== target))
    throw new Error(`Another move is under way: ${JSON.stringify(state.move)}`);
  if (!state.move) {
    try {
      state = await api.call('PUT', `${base}/move`, { from, to, target });
    } catch (err) {
      // Run again after it finished: nothing left to do.
      if (err.body?.error?.code !== 'already_there') throw err;
      log(`${from}-${to} is already on ${target}; nothing to move`);
      return state;
    }
    log(`started: ${from}-${to} ${state.move.source} → ${target}; writes to the range answer 503 until the move ends`);
    await sleep(settleMs); // every worker now refuses writes to the range
  } else log(`resuming the move of ${from}-${to} ${state.move.source} → ${target} (${state.move.phase})`);
  const { source } = state.move;

  if (state.move.phase === 'copying') {
    for (const table of tables) {
      let copied = 0;
      for (let after = 0; after !== null; ) {
        const page = await api.call('POST', `${base}/move/copy`, { table, after });
        copied += page.copied;
        after = page.next;
        if (after !== null) log(`  copy ${table}: ${copied} rows so far`);
      }
      log(`copied ${table}: ${copied} rows`);
    }
    await api.call('POST', `${base}/move/rebuild`, { side: 'target' });
    log(`rebuilt the search vocabulary on ${target}`);
    const mismatches = [];
    for (const table of compared) {
      const [a, b] = await Promise.all(['source', 'target'].map((side) => scanTable(api, base, table, side)));
      const same = a.rows === b.rows && a.checksum === b.checksum;
      log(`verified ${table}: ${a.rows} rows, checksum ${a.checksum} on ${source}; ${b.rows}, ${b.checksum} on ${target}${same ? '' : '  MISMATCH'}`);
      if (!same) mismatches.push(table);
    }
    if (mismatches.length)
      throw new Error(
        `Row counts or checksums differ for ${mismatches.join(', ')}: the range is still frozen and the map unchanged. Run again to copy again, or abandon the move (DELETE ${base}/move after deleting the target's copy).`,
      );
    state = await api.call('POST', `${base}/move/switch`);
    log(`switched the map: ${from}-${to} → ${target}`);
    await sleep(settleMs); // no reader still routes the range to the source
  }
  for (const table of [...tables].reverse()) {
    let deleted = 0;
    for (let after = 0; after !== null; ) {
      const page = await api.call('POST', `${base}/move/delete`, { table, side: 'source', after });
      deleted += page.deleted;
      after = page.next;
    }
    log(`deleted ${table} from ${source}: ${deleted} rows`);
  }
  await api.call('POST', `${base}/move/rebuild`, { side: 'source' });
  state = await api.call('DELETE', `${base}/move`);
  log(`released: writes to ${from}-${to} go to ${target}. Map in force: ${state.map}`);
  return state;
}

async function scanTable(api, base, table, side) {
  let rows = 0;
  let a = 0;
  let b = 0;
  for (let after = 0; after !== null; ) {
    const page = await api.call('POST', `${base}/move/scan`, { table, side, after });
    rows += page.rows;
    a = (a + page.checksum[0]) >>> 0;
    b = (b + page.checksum[1]) >>> 0;
    after = page.next;
  }
  return { rows, checksum: `${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}` };
}

async function main() {
  const { values } = parseArgs({
    options: {
      family: { type: 'string', default: 'CATALOG' },
      range: { type: 'string' },
      to: { type: 'string' },
      origin: { type: 'string', default: process.env.ENCORE_ORIGIN ?? 'http://localhost:8787' },
      token: { type: 'string', default: process.env.ENCORE_ADMIN_TOKEN },
    },
  });
  const m = /^(\d+)-(\d+)$/.exec(values.range ?? '');
  if (!m || !values.to) {
    console.error('usage: node scripts/reshard.mjs --family CATALOG --range 896-1023 --to CATALOG_4 [--origin URL] [--token TOKEN]');
    process.exit(2);
  }
  let token = values.token;
  if (!token) {
    const { ENCORE_ADMIN_EMAIL: email, ENCORE_ADMIN_PASSWORD: password } = process.env;
    if (!email || !password) throw new Error('Set ENCORE_ADMIN_TOKEN (or ENCORE_ADMIN_EMAIL and ENCORE_ADMIN_PASSWORD), or pass --token.');
    token = (await client(values.origin).login(email, password)).access_token;
  }
  await reshard({ origin: values.origin, token, family: values.family, from: Number(m[1]), to: Number(m[2]), target: values.to });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err) => {
    console.error(`reshard failed: ${err.message}`);
    process.exit(1);
  });
}

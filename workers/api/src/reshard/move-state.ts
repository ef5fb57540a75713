import { withD1Retry } from '#core/db/retry.ts';
import { Conflict, Unprocessable } from '#core/errors.ts';
import type { FrozenRange } from '#core/shard-map-runtime.ts';
import { configuredShardMap, homeDb, parseShardMap, refreshShardMaps, type ReshardableFamily, VIRTUAL_SHARDS } from '#core/shards.ts';
import { bindingOfRange, mapWithRange } from './map-edit.ts';
import { OWNED_TABLES } from './owned-tables.ts';

/**
 * A move of virtual shards from..to from `source` to `target`, kept in the family's
 * shard_map_state row so an interrupted reshard resumes where it stopped:
 * `copying` (the range frozen, rows being copied and verified) → `switched` (the map
 * sends the range to the target; still frozen while the source's copy is deleted, so
 * no writer that finds a row there, rather than asking the map, can write beside the
 * copy) → finished (the range released, the move cleared).
 */
export interface Move {
  from: number;
  to: number;
  source: string;
  target: string;
  phase: 'copying' | 'switched';
  started_at: string;
}

export interface FamilyState {
  configured_map: string;
  map: string;
  frozen: FrozenRange | null;
  move: Move | null;
  tables: { table: string; whole: boolean }[];
}

interface Row {
  map: string;
  frozen: string | null;
  move: string | null;
}

/** The D1 binding itself, without shardDb's write guard: the move writes into the range it froze. */
export function bindingDb(env: Env, binding: string): D1Database {
  const db = (env as unknown as Record<string, D1Database | undefined>)[binding];
  if (!db) throw new Unprocessable(`This worker has no D1 binding ${JSON.stringify(binding)}.`, 'unknown_binding');
  return db;
}

export async function familyState(env: Env, family: ReshardableFamily): Promise<FamilyState> {
  const row = await withD1Retry(() => homeDb(env, family).prepare('SELECT map, frozen, move FROM shard_map_state WHERE family = ?').bind(family).first<Row>());
  const configured = configuredShardMap(env, family);
  return {
    configured_map: configured,
    map: row?.map ?? configured,
    frozen: row?.frozen ? (JSON.parse(row.frozen) as FrozenRange) : null,
    move: row?.move ? (JSON.parse(row.move) as Move) : null,
    tables: OWNED_TABLES[family].map((t) => ({ table: t.table, whole: 'all' in t })),
  };
}

async function writeState(env: Env, family: ReshardableFamily, map: string, frozen: FrozenRange | null, move: Move | null): Promise<FamilyState> {
  parseShardMap(map, family);
  await homeDb(env, family)
    .prepare(
      `INSERT INTO shard_map_state (family, map, frozen, move, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (family) DO UPDATE SET map = excluded.map, frozen = excluded.frozen, move = excluded.move, updated_at = excluded.updated_at`,
    )
    .bind(family, map, frozen && JSON.stringify(frozen), move && JSON.stringify(move), Date.now())
    .run();
  // This isolate routes by the new state at once; the others within SHARD_MAP_REFRESH_MS.
  await refreshShardMaps(env, true);
  return familyState(env, family);
}

/** Starts a move (freezing the range), or returns the same move already under way; 409 for a different one. */
export async function startMove(env: Env, family: ReshardableFamily, from: number, to: number, target: string): Promise<FamilyState> {
  const state = await familyState(env, family);
  if (state.move) {
    const m = state.move;
    if (m.from === from && m.to === to && m.target === target) return state;
    throw new Conflict(`A move of ${m.from}-${m.to} to ${m.target} is under way; finish it first.`, 'move_in_progress');
  }
  if (!OWNED_TABLES[family].length) throw new Unprocessable(`Moving ${family} ranges is not supported yet.`, 'family_not_movable');
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from <= to && to < VIRTUAL_SHARDS))
    throw new Unprocessable(`Not a range of virtual shards within 0-${VIRTUAL_SHARDS - 1}: ${from}-${to}.`, 'invalid_range');
  if (!target.startsWith(`${family}_`)) throw new Unprocessable(`${target} is not a ${family} binding.`, 'unknown_binding');
  bindingDb(env, target);
  const map = parseShardMap(state.map, family);
  const source = bindingOfRange(map, from, to);
  if (!source)
    throw new Unprocessable(`Virtual shards ${from}-${to} lie on more than one database; move them one database at a time.`, 'range_spans_databases');
  if (source === target) throw new Unprocessable(`Virtual shards ${from}-${to} are already on ${target}.`, 'already_there');
  const move: Move = { from, to, source, target, phase: 'copying', started_at: new Date().toISOString() };
  return writeState(env, family, state.map, { from, to }, move);
}

async function currentMove(env: Env, family: ReshardableFamily): Promise<{ state: FamilyState; move: Move }> {
  const state = await familyState(env, family);
  if (!state.move) throw new Conflict(`No ${family} move is under way.`, 'no_move');
  return { state, move: state.move };
}

/** Sends the range to the target in the map; writes stay frozen. Idempotent. */
export async function switchMove(env: Env, family: ReshardableFamily): Promise<FamilyState> {
  const { state, move } = await currentMove(env, family);
  if (move.phase !== 'copying') return state;
  const map = mapWithRange(parseShardMap(state.map, family), move.from, move.to, move.target);
  return writeState(env, family, map, state.frozen, { ...move, phase: 'switched' });
}

/**
 * Ends a switched move, letting writes to the range through (to the target), or
 * abandons one still copying (unfrozen, map unchanged; delete the target's partial
 * copy first). Answers the state without a move when none is under way.
 */
export async function finishMove(env: Env, family: ReshardableFamily): Promise<FamilyState> {
  const state = await familyState(env, family);
  if (!state.move) return state;
  return writeState(env, family, state.map, null, null);
}

export async function movingRange(env: Env, family: ReshardableFamily): Promise<Move> {
  return (await currentMove(env, family)).move;
}

import { Conflict, Unprocessable } from '#core/errors.ts';
import type { ReshardableFamily } from '#core/shards.ts';
import { refreshSearchVocabulary } from '../search/vocabulary.ts';
import { bindingDb, type Move, movingRange } from './move-state.ts';
import { ownedTable } from './owned-tables.ts';
import { checksumRows, deleteRows, insertRows, readRangePage } from './range-rows.ts';

type Side = 'source' | 'target';

function tableOf(family: ReshardableFamily, table: string) {
  const owned = ownedTable(family, table);
  if (!owned) throw new Unprocessable(`${table} is not a ${family} table a reshard moves.`, 'unknown_table');
  return owned;
}

function requirePhase(move: Move, ...phases: Move['phase'][]): void {
  if (!phases.includes(move.phase)) throw new Conflict(`The move is ${move.phase}; this step needs it ${phases.join(' or ')}.`, 'wrong_move_phase');
}

/** Copies one page of a table's rows in the moving range from the source to the target. */
export async function copyPage(env: Env, family: ReshardableFamily, table: string, after: number) {
  const move = await movingRange(env, family);
  requirePhase(move, 'copying');
  const owned = tableOf(family, table);
  const page = await readRangePage(bindingDb(env, move.source), family, owned, move, after);
  await insertRows(bindingDb(env, move.target), table, page.rows);
  return { copied: page.rows.length, next: page.next };
}

/** Counts and checksums one page of a table's rows in the moving range on one side. */
export async function scanPage(env: Env, family: ReshardableFamily, table: string, side: Side, after: number) {
  const move = await movingRange(env, family);
  const page = await readRangePage(bindingDb(env, move[side]), family, tableOf(family, table), move, after);
  return { rows: page.rows.length, checksum: checksumRows(page.rows), next: page.next };
}

/**
 * Deletes one page of the moving range's rows: from the source once the map has
 * been switched (the range still frozen); from the target while still copying (to
 * redo or abandon a copy). Per-database rows (`all` tables) are never deleted.
 */
export async function deletePage(env: Env, family: ReshardableFamily, table: string, side: Side, after: number) {
  const move = await movingRange(env, family);
  requirePhase(move, side === 'source' ? 'switched' : 'copying');
  const owned = tableOf(family, table);
  if ('all' in owned) return { deleted: 0, next: null };
  const db = bindingDb(env, move[side]);
  const page = await readRangePage(db, family, owned, move, after);
  await deleteRows(db, table, page.rowids);
  return { deleted: page.rowids.length, next: page.next };
}

/**
 * Copied artists carry their follower count, and the copied follower rows count
 * themselves again by trigger (migration 0009); the count is what the rows say.
 */
const RECOUNT_FOLLOWERS_SQL = 'UPDATE artists SET followers_total = (SELECT count(*) FROM artist_followers f WHERE f.artist_id = artists.id)';

/**
 * Rebuilds what is derived from the moved rows on one side: the spelling vocabulary
 * and the artists' follower counts (the FTS indexes and genre counts follow the rows by trigger).
 */
export async function rebuildDerived(env: Env, family: ReshardableFamily, side: Side): Promise<void> {
  const move = await movingRange(env, family);
  const db = bindingDb(env, move[side]);
  await db.prepare(RECOUNT_FOLLOWERS_SQL).run();
  await refreshSearchVocabulary(db);
}

import { withD1Retry } from '#core/db/retry.ts';
import { FAMILY_OF_KIND, type IdKind, parseId } from '#core/ids.ts';
import type { ReshardableFamily } from '#core/shards.ts';
import { stableHash } from '#core/stable-hash.ts';
import type { OwnedTable } from './owned-tables.ts';

/** Rows read per call: one admin request copies, checks or deletes one page of a table. */
export const PAGE_ROWS = 500;
/** D1 binds at most 100 parameters per statement. */
const MAX_BOUND = 100;

type Row = Record<string, unknown> & { __rowid: number };

export interface Page {
  rows: Record<string, unknown>[];
  rowids: number[];
  /** The cursor for the next page; null when the table has been read through. */
  next: number | null;
}

/** One page of a table by rowid, keeping the rows that belong to virtual shards from..to. */
export async function readRangePage(
  db: D1Database,
  family: ReshardableFamily,
  owned: OwnedTable,
  range: { from: number; to: number },
  after: number,
): Promise<Page> {
  // Table and column names come from OWNED_TABLES, never from the request.
  const { results } = await withD1Retry(() =>
    db.prepare(`SELECT rowid AS __rowid, * FROM ${owned.table} WHERE rowid > ? ORDER BY rowid LIMIT ?`).bind(after, PAGE_ROWS).all<Row>(),
  );
  const kept = results.filter((row) => 'all' in owned || inRange(row[owned.owner], family, range));
  return {
    rows: kept.map(({ __rowid: _, ...row }) => row),
    rowids: kept.map((row) => row.__rowid),
    next: results.length < PAGE_ROWS ? null : results[results.length - 1]!.__rowid,
  };
}

function inRange(value: unknown, family: ReshardableFamily, range: { from: number; to: number }): boolean {
  const parsed = typeof value === 'string' ? parseId(value) : null;
  if (!parsed || FAMILY_OF_KIND[parsed.kind as IdKind] !== family) return false;
  return parsed.virtualShard >= range.from && parsed.virtualShard <= range.to;
}

/** Inserts rows the target does not hold yet (a resumed copy writes a page again), within D1's bound-parameter limit, as one transaction. */
export async function insertRows(db: D1Database, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]!);
  const perStatement = Math.max(1, Math.floor(MAX_BOUND / columns.length));
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const tuple = `(${columns.map(() => '?').join(',')})`;
    statements.push(
      db
        .prepare(`INSERT OR IGNORE INTO ${table} (${columns.join(',')}) VALUES ${chunk.map(() => tuple).join(',')}`)
        .bind(...chunk.flatMap((row) => columns.map((c) => row[c] ?? null))),
    );
  }
  await db.batch(statements);
}

/** Deletes rows by rowid (the delete triggers drop them from the FTS indexes), as one transaction. */
export async function deleteRows(db: D1Database, table: string, rowids: number[]): Promise<void> {
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < rowids.length; i += MAX_BOUND) {
    const chunk = rowids.slice(i, i + MAX_BOUND);
    statements.push(db.prepare(`DELETE FROM ${table} WHERE rowid IN (${chunk.map(() => '?').join(',')})`).bind(...chunk));
  }
  if (statements.length) await db.batch(statements);
}

/**
 * An order-independent checksum of rows (the source and the target hold them
 * under different rowids): two 32-bit sums of per-row hashes of the values in
 * column order. Sums of pages add up (mod 2^32) to the table's.
 */
export function checksumRows(rows: Record<string, unknown>[]): [number, number] {
  let a = 0;
  let b = 0;
  for (const row of rows) {
    const text = JSON.stringify(Object.values(row));
    a = (a + stableHash(text)) >>> 0;
    b = (b + stableHash(`${text}\u0000${text.length}`)) >>> 0;
  }
  return [a, b];
}

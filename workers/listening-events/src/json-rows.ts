import { type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

/**
 * Rows travel to D1 as one bound JSON array read with `json_each`, so a statement
 * carries one parameter however many rows it writes (D1 allows 100). Chunks keep
 * each parameter well under D1's 2 MB value limit.
 */
export const ROWS_PER_STATEMENT = 500;

export function chunks<T>(rows: T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** `column IN (values)` with the values as one bound JSON array. */
export function inJsonArray(column: SQLiteColumn, values: readonly unknown[]): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
}

/** `(first, second) IN (pairs)` with the pairs as one bound JSON array of two-element arrays. */
export function pairInJsonArray(first: SQLiteColumn, second: SQLiteColumn, pairs: readonly (readonly [unknown, unknown])[]): SQL {
  return sql`(${first}, ${second}) IN (SELECT value->>0, value->>1 FROM json_each(${JSON.stringify(pairs)}))`;
}

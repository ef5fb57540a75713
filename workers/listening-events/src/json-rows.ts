import { type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

/** Row sets bound as one JSON array: core/db/json-chunks.ts splits them; these read them in a WHERE. */
export { chunks } from '#core/db/json-chunks.ts';

/** `column IN (values)` with the values as one bound JSON array. */
export function inJsonArray(column: SQLiteColumn, values: readonly unknown[]): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
}

/** `(first, second) IN (pairs)` with the pairs as one bound JSON array of two-element arrays. */
export function pairInJsonArray(first: SQLiteColumn, second: SQLiteColumn, pairs: readonly (readonly [unknown, unknown])[]): SQL {
  return sql`(${first}, ${second}) IN (SELECT value->>0, value->>1 FROM json_each(${JSON.stringify(pairs)}))`;
}

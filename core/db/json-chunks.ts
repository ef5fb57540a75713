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

/** D1 refuses statements with more than 100 bound parameters. */
export const MAX_BOUND_PARAMETERS = 100;

/**
 * Builds multi-row statements `{head} VALUES (?,..),(?,..) {tail}` with as many
 * rows per statement as fit under the bound-parameter limit.
 */
export function multiRowStatements(db: D1DatabaseSession | D1Database, head: string, tail: string, rows: unknown[][]): D1PreparedStatement[] {
  if (rows.length === 0) return [];
  const width = rows[0]!.length;
  const perStatement = Math.floor(MAX_BOUND_PARAMETERS / width);
  const tuple = `(${Array(width).fill('?').join(',')})`;
  const out: D1PreparedStatement[] = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const sql = `${head} VALUES ${Array(chunk.length).fill(tuple).join(',')} ${tail}`;
    out.push(db.prepare(sql).bind(...chunk.flat()));
  }
  return out;
}

/** `... WHERE col IN (?,?,..)` statements over a list of values, at most 100 per statement. */
export function inListStatements(db: D1DatabaseSession | D1Database, sql: (placeholders: string) => string, values: unknown[]): D1PreparedStatement[] {
  const out: D1PreparedStatement[] = [];
  for (let i = 0; i < values.length; i += MAX_BOUND_PARAMETERS) {
    const chunk = values.slice(i, i + MAX_BOUND_PARAMETERS);
    out.push(db.prepare(sql(Array(chunk.length).fill('?').join(','))).bind(...chunk));
  }
  return out;
}

/** D1 rows read and written, as D1 results' meta reports them: what a step cost. */
export interface D1Cost {
  rowsRead: number;
  rowsWritten: number;
}

export const noCost = (): D1Cost => ({ rowsRead: 0, rowsWritten: 0 });

/** Adds results' meta to `cost` and hands the results back. */
export function metered<T extends D1Result | D1Result[]>(cost: D1Cost, results: T): T {
  for (const r of Array.isArray(results) ? results : [results]) {
    cost.rowsRead += r.meta.rows_read ?? 0;
    cost.rowsWritten += r.meta.rows_written ?? 0;
  }
  return results;
}

export function addCost(total: D1Cost, part: D1Cost): void {
  total.rowsRead += part.rowsRead;
  total.rowsWritten += part.rowsWritten;
}

import { isReadOnlySql, withD1Retry } from './retry.ts';

/**
 * Runs before every statement (and batch) on the database, with the values bound
 * to the writes among them: core/shards.ts refreshes the runtime shard map here
 * and refuses writes to a range being moved.
 */
export type BeforeStatements = (boundToWrites: unknown[][]) => Promise<void>;

const noHook: BeforeStatements = async () => {};

/**
 * A D1 binding (or session) whose read-only statements and read-only batches are
 * retried on transient errors (retry.ts). core/shards.ts hands these out, so every
 * caller of shardDb gets the retry without doing anything. exec() runs arbitrary
 * SQL and is never retried.
 */
class RetryingStatement implements D1PreparedStatement {
  constructor(
    readonly inner: D1PreparedStatement,
    readonly readOnly: boolean,
    readonly before: BeforeStatements,
    readonly values: unknown[] = [],
  ) {}

  private async run_<T>(call: () => Promise<T>): Promise<T> {
    await this.before(this.readOnly ? [] : [this.values]);
    return this.readOnly ? withD1Retry(call) : call();
  }

  bind(...values: unknown[]): D1PreparedStatement {
    return new RetryingStatement(this.inner.bind(...values), this.readOnly, this.before, values);
  }

  first<T = unknown>(colName?: string): Promise<T | null> {
    return this.run_(() => (colName === undefined ? this.inner.first<T>() : this.inner.first<T>(colName)));
  }

  run<T = Record<string, unknown>>(): Promise<D1Result<T>> {
    return this.run_(() => this.inner.run<T>());
  }

  all<T = Record<string, unknown>>(): Promise<D1Result<T>> {
    return this.run_(() => this.inner.all<T>());
  }

  raw<T = unknown[]>(options: { columnNames: true }): Promise<[string[], ...T[]]>;
  raw<T = unknown[]>(options?: { columnNames?: false }): Promise<T[]>;
  raw<T = unknown[]>(options?: { columnNames?: boolean }): Promise<T[] | [string[], ...T[]]> {
    return this.run_<T[] | [string[], ...T[]]>(() => (options?.columnNames ? this.inner.raw<T>({ columnNames: true }) : this.inner.raw<T>()));
  }
}

type Preparer = Pick<D1Database, 'prepare' | 'batch'>;

function prepare(target: Preparer, sql: string, before: BeforeStatements): D1PreparedStatement {
  return new RetryingStatement(target.prepare(sql), isReadOnlySql(sql), before);
}

/** A batch is one transaction: retried only when every statement in it reads. */
async function batch<T>(target: Preparer, statements: D1PreparedStatement[], before: BeforeStatements): Promise<D1Result<T>[]> {
  const inner = statements.map((s) => (s instanceof RetryingStatement ? s.inner : s));
  await before(statements.flatMap((s) => (s instanceof RetryingStatement ? (s.readOnly ? [] : [s.values]) : [])));
  const call = () => target.batch<T>(inner);
  return statements.every((s) => s instanceof RetryingStatement && s.readOnly) ? withD1Retry(call) : call();
}

class RetryingSession implements D1DatabaseSession {
  constructor(
    private readonly inner: D1DatabaseSession,
    private readonly before: BeforeStatements,
  ) {}
  prepare(sql: string): D1PreparedStatement {
    return prepare(this.inner, sql, this.before);
  }
  batch<T = unknown>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    return batch<T>(this.inner, statements, this.before);
  }
  getBookmark(): D1SessionBookmark | null {
    return this.inner.getBookmark();
  }
}

class RetryingDatabase implements D1Database {
  constructor(
    private readonly inner: D1Database,
    private readonly before: BeforeStatements,
  ) {}
  prepare(sql: string): D1PreparedStatement {
    return prepare(this.inner, sql, this.before);
  }
  batch<T = unknown>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    return batch<T>(this.inner, statements, this.before);
  }
  exec(sql: string): Promise<D1ExecResult> {
    return this.inner.exec(sql);
  }
  withSession(constraintOrBookmark?: D1SessionBookmark | D1SessionConstraint): D1DatabaseSession {
    return new RetryingSession(this.inner.withSession(constraintOrBookmark), this.before);
  }
  dump(): Promise<ArrayBuffer> {
    return this.inner.dump();
  }
}

const wrapped = new WeakMap<D1Database, D1Database>();

/** The wrapper of a binding is made once; `before` is the first caller's (shardDb passes the same one for a binding each time). */
export function retryingD1(db: D1Database, before: BeforeStatements = noHook): D1Database {
  if (db instanceof RetryingDatabase) return db;
  const known = wrapped.get(db);
  if (known) return known;
  const fresh = new RetryingDatabase(db, before);
  wrapped.set(db, fresh);
  return fresh;
}

/**
 * D1 bindings with faults, for the degrade-don't-fail tests: each wraps the real
 * miniflare binding (or replaces it outright) so the code under test talks to a
 * database that throws, is slow, or fails a few times before it answers.
 */
export const NETWORK_LOST = 'D1_ERROR: Network connection lost.';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A binding whose every prepare and batch throws, as a shard that is down would. */
export function brokenD1(message = NETWORK_LOST): D1Database {
  const fail = (): never => {
    throw new Error(message);
  };
  const session = { prepare: fail, batch: () => Promise.reject(new Error(message)), getBookmark: () => null };
  return { ...session, exec: fail, dump: fail, withSession: () => session } as unknown as D1Database;
}

/** The real binding, with every batch answered only after `delayMs`. */
export function slowD1(real: D1Database, delayMs: number): D1Database {
  const slowBatch =
    (target: Pick<D1Database, 'batch'>) =>
    async <T>(statements: D1PreparedStatement[]) => {
      await sleep(delayMs);
      return target.batch<T>(statements);
    };
  return {
    prepare: (sql: string) => real.prepare(sql),
    batch: slowBatch(real),
    exec: (sql: string) => real.exec(sql),
    dump: () => real.dump(),
    withSession: (constraint?: string) => {
      const session = real.withSession(constraint);
      return { prepare: (sql: string) => session.prepare(sql), batch: slowBatch(session), getBookmark: () => session.getBookmark() };
    },
  } as unknown as D1Database;
}

/**
 * The real binding, whose first `failures` calls that reach the database (a
 * statement's first/all/run/raw, or a batch) throw `message`; `calls` counts them all.
 */
export function flakyD1(real: D1Database, failures: number, message = NETWORK_LOST) {
  const state = { calls: 0 };
  const gate = async () => {
    state.calls += 1;
    if (state.calls <= failures) throw new Error(message);
  };
  const realOf = new WeakMap<object, D1PreparedStatement>();
  const statement = (inner: D1PreparedStatement): D1PreparedStatement => {
    const gated =
      <T>(call: () => Promise<T>) =>
      async () => {
        await gate();
        return call();
      };
    const outer = {
      bind: (...values: unknown[]) => statement(inner.bind(...values)),
      first: (col?: string) => gated(() => (col === undefined ? inner.first() : inner.first(col)))(),
      all: gated(() => inner.all()),
      run: gated(() => inner.run()),
      raw: (options?: { columnNames?: false }) => gated(() => inner.raw(options))(),
    } as unknown as D1PreparedStatement;
    realOf.set(outer, inner);
    return outer;
  };
  const batch =
    (target: Pick<D1Database, 'batch'>) =>
    async <T>(statements: D1PreparedStatement[]) => {
      await gate();
      return target.batch<T>(statements.map((s) => realOf.get(s) ?? s));
    };
  const db = {
    prepare: (sql: string) => statement(real.prepare(sql)),
    batch: batch(real),
    exec: (sql: string) => real.exec(sql),
    dump: () => real.dump(),
    withSession: (constraint?: string) => {
      const session = real.withSession(constraint);
      return { prepare: (sql: string) => statement(session.prepare(sql)), batch: batch(session), getBookmark: () => session.getBookmark() };
    },
  } as unknown as D1Database;
  return { db, state };
}

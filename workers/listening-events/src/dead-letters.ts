import { drizzle } from 'drizzle-orm/d1';
import { listeningDeadLetters } from '#core/db/users-dead-letters.ts';
import { findShard, shardDb } from '#core/shards.ts';

/**
 * Keeps reports the consumer gave up on, whole, on the listener's shard (shard 0
 * when the message names no listener we can place). Stored by message id, so a
 * redelivered dead letter is kept once; acked only once stored.
 */
export async function keepDeadLetters(env: Env, messages: readonly Message<unknown>[]): Promise<void> {
  const byShard = new Map<number, (typeof listeningDeadLetters.$inferInsert)[]>();
  for (const message of messages) {
    const userId = (message.body as { user_id?: unknown } | null)?.user_id;
    const placed = typeof userId === 'string' ? findShard(env, 'USERS', userId, ['usr']) : null;
    const shard = placed ?? 0;
    const row = {
      messageId: message.id,
      userId: placed === null ? null : (userId as string),
      body: JSON.stringify(message.body) ?? 'null',
      attempts: message.attempts,
      deadAt: Date.now(),
    };
    byShard.set(shard, [...(byShard.get(shard) ?? []), row]);
  }
  await Promise.all(
    [...byShard].map(([shard, rows]) => {
      const db = drizzle(shardDb(env, 'USERS', shard));
      // One row per statement keeps every statement far under D1's 100 bound parameters.
      const [first, ...rest] = rows.map((row) => db.insert(listeningDeadLetters).values(row).onConflictDoNothing());
      return db.batch([first!, ...rest]);
    }),
  );
}

import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Listening reports the consumer gave up on (they reached the dead-letter
 * queue), kept whole on the listener's shard so nothing is lost silently and an
 * operator can replay them once the cause is fixed. Keyed by queue message id,
 * so a redelivered dead letter is stored once.
 */
export const listeningDeadLetters = sqliteTable('listening_dead_letters', {
  messageId: text('message_id').primaryKey(),
  /** The listener, when the message names one we can place; null for unreadable messages. */
  userId: text('user_id'),
  body: text('body').notNull(),
  attempts: integer('attempts').notNull(),
  deadAt: integer('dead_at').notNull(),
});

import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { listeningDeadLetterQueueName } from '#core/listening-queues.ts';
import worker from '../src/index.ts';
import { dailyStreams, play, reports, seedTrack, seedUser, T0, users } from './helpers.ts';

async function deliverDead(messages: { id: string; body: unknown }[]) {
  const batch = createMessageBatch(
    listeningDeadLetterQueueName(1),
    messages.map((m) => ({ ...m, timestamp: new Date(), attempts: 11 })),
  );
  const ctx = createExecutionContext();
  await (worker as ExportedHandler<Env>).queue!(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

async function keptOn(shard: number) {
  const { results } = await users(shard)
    .prepare('SELECT message_id, user_id, body, attempts FROM listening_dead_letters ORDER BY message_id')
    .all<{ message_id: string; user_id: string | null; body: string; attempts: number }>();
  return results;
}

describe('dead-lettered listening reports', () => {
  it('keeps each one whole on the listener shard, once, and counts nothing', async () => {
    const listener = await seedUser(1);
    const track = await seedTrack(0);
    const [report] = reports(listener, [play(track, T0)]);

    const first = await deliverDead([{ id: 'dead-1', body: report }]);
    const again = await deliverDead([{ id: 'dead-1', body: report }]);

    expect(first.explicitAcks).toEqual(['dead-1']);
    expect(again.explicitAcks).toEqual(['dead-1']);
    const kept = await keptOn(1);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ message_id: 'dead-1', user_id: listener, attempts: 11 });
    expect(JSON.parse(kept[0]!.body)).toEqual(report);
    // Keeping is not counting: a replay by an operator goes through the normal queue.
    expect(await dailyStreams(track)).toBe(0);
  });

  it('keeps a message that names no listener we can place on shard 0', async () => {
    const result = await deliverDead([{ id: 'dead-unreadable', body: { garbage: true } }]);

    expect(result.explicitAcks).toEqual(['dead-unreadable']);
    expect(await keptOn(0)).toEqual([{ message_id: 'dead-unreadable', user_id: null, body: '{"garbage":true}', attempts: 11 }]);
  });
});

import { describe, expect, it } from 'vitest';
import { listeningDeadLetterQueueName, listeningQueueCount, listeningQueueIndex, listeningQueueName } from '#core/listening-queues.ts';
import type { ListeningMessage } from '#core/protocol/listening.ts';
import { dailyStreams, deliver, MINUTE, outcomes, play, reports, seedTrack, seedUser, T0, users } from './helpers.ts';

// The consumer's own config has no LISTENING_QUEUE_COUNT; the api worker's count (wrangler.toml) is 4.
const COUNT = listeningQueueCount({ LISTENING_QUEUE_COUNT: '4' });

describe('reports spread over several queues', () => {
  it('counts every listener exactly once whichever queue their reports come from, redelivered or not', async () => {
    const track = await seedTrack(1);
    // Listeners on both user shards, until every queue has at least three of them.
    const listeners: string[] = [];
    const byQueue = new Map<number, ListeningMessage[]>();
    while (byQueue.size < COUNT || [...byQueue.values()].some((batch) => batch.length < 3)) {
      const listener = await seedUser(listeners.length % 2);
      listeners.push(listener);
      const queue = listeningQueueIndex(listener, COUNT);
      byQueue.set(queue, [...(byQueue.get(queue) ?? []), ...reports(listener, [play(track, T0), play(track, T0 + 5 * MINUTE)])]);
    }

    for (const [queue, batch] of byQueue) {
      const first = await deliver(batch, 1, listeningQueueName(queue));
      expect(first.explicitAcks).toHaveLength(batch.length);
    }
    // At-least-once: every queue delivers its batch again.
    for (const [queue, batch] of byQueue) await deliver(batch, 2, listeningQueueName(queue));

    expect(await dailyStreams(track)).toBe(2 * listeners.length);
    for (const listener of listeners) expect(await outcomes(listener)).toEqual({ counted: 2 });
  });

  it('counts a report once even when, after the queue count changed, it arrives again on another queue', async () => {
    const listener = await seedUser(0);
    const track = await seedTrack(2);
    const batch = reports(listener, [play(track, T0)]);

    await deliver(batch, 1, listeningQueueName(0));
    await deliver(batch, 1, listeningQueueName(3));

    expect(await dailyStreams(track)).toBe(1);
  });

  it('leaves a batch from a queue it does not know on that queue, counting nothing', async () => {
    const listener = await seedUser(1);
    const track = await seedTrack(0);

    const result = await deliver(reports(listener, [play(track, T0)]), 1, 'encore-something-else');

    expect(result.explicitAcks).toEqual([]);
    expect(result.retryBatch.retry).toBe(true);
    expect(await dailyStreams(track)).toBe(0);
  });

  it("keeps dead letters from any queue's dead-letter queue", async () => {
    const listener = await seedUser(0);
    const track = await seedTrack(3);
    const [report] = reports(listener, [play(track, T0)]);

    const result = await deliver([report], 11, listeningDeadLetterQueueName(COUNT - 1));

    expect(result.explicitAcks).toHaveLength(1);
    const kept = await users(0).prepare('SELECT user_id FROM listening_dead_letters WHERE user_id = ?').bind(listener).all();
    expect(kept.results).toHaveLength(1);
    expect(await dailyStreams(track)).toBe(0);
  });
});

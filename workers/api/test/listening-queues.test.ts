import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { listeningQueueCount, listeningQueueIndex } from '#core/listening-queues.ts';
import type { ListeningMessage } from '#core/protocol/listening.ts';
import { app } from '../src/app.ts';
import { BASE, registerUser } from './helpers.ts';
import { seedTrack } from './listening-helpers.ts';

const bindings = env as unknown as Record<string, Queue | undefined>;
const COUNT = listeningQueueCount(env);

/** The real LISTENING_EVENTS_<i> bindings, each recording which listener's reports it was handed before sending them on. */
function watchedQueues() {
  const sentBy = new Map<number, string[]>();
  const queues = Object.fromEntries(
    Array.from({ length: COUNT }, (_, i) => {
      const real = bindings[`LISTENING_EVENTS_${i}`]!;
      const queue: Queue = {
        async send(message, options) {
          sentBy.set(i, [...(sentBy.get(i) ?? []), (message as ListeningMessage).user_id]);
          return real.send(message, options);
        },
        sendBatch: (messages, options) => real.sendBatch(messages, options),
        metrics: () => real.metrics(),
      };
      return [`LISTENING_EVENTS_${i}`, queue];
    }),
  );
  return { queues, sentBy };
}

function report(queues: Record<string, Queue>, token: string, trackId: string, startedAt: number): Promise<Response> {
  const event = { event_id: crypto.randomUUID(), track_id: trackId, started_at: startedAt, ms_played: 61_000, completed: false };
  const request = new Request(`${BASE}/api/v1/me/player/report`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'CF-IPCountry': 'SE' },
    body: JSON.stringify({ events: [event] }),
  });
  return Promise.resolve(app.fetch(request, { ...env, ...queues }));
}

async function dailyStreams(trackId: string): Promise<number> {
  const row = await (env as unknown as Record<string, D1Database>)
    .CATALOG_2!.prepare('SELECT coalesce(sum(streams), 0) AS n FROM track_daily_streams WHERE track_id = ?')
    .bind(trackId)
    .first<{ n: number }>();
  return row!.n;
}

describe('listening reports over several queues', () => {
  it('has one producer binding per queue the count names', () => {
    expect(COUNT).toBeGreaterThan(1);
    for (let i = 0; i < COUNT; i++) expect(bindings[`LISTENING_EVENTS_${i}`], `LISTENING_EVENTS_${i}`).toBeDefined();
    expect(bindings[`LISTENING_EVENTS_${COUNT}`]).toBeUndefined();
  });

  it("sends every listener's reports to that listener's one queue, uses every queue, and the consumer counts each play once", async () => {
    const track = await seedTrack(2);
    const { queues, sentBy } = watchedQueues();
    const listeners: { id: string; token: string }[] = [];
    const perQueue = new Map<number, number>();
    // Listeners until every queue has at least two of them.
    while (perQueue.size < COUNT || [...perQueue.values()].some((n) => n < 2)) {
      const { access_token, user } = await registerUser();
      listeners.push({ id: user.id, token: access_token });
      const queue = listeningQueueIndex(user.id, COUNT);
      perQueue.set(queue, (perQueue.get(queue) ?? 0) + 1);
    }

    const now = Date.now();
    for (const { token } of listeners) {
      for (const minutesAgo of [30, 20, 10]) expect((await report(queues, token, track, now - minutesAgo * 60_000)).status).toBe(202);
    }

    for (const { id } of listeners) {
      const queues = [...sentBy].filter(([, users]) => users.includes(id)).map(([queue]) => queue);
      expect(queues, id).toEqual([listeningQueueIndex(id, COUNT)]);
      expect(sentBy.get(queues[0]!)!.filter((u) => u === id)).toHaveLength(3);
    }
    expect(sentBy.size).toBe(COUNT);

    // The real consumer drains every queue (batches close within a second); then nothing more may arrive.
    const expected = 3 * listeners.length;
    for (let i = 0; i < 80 && (await dailyStreams(track)) < expected; i++) await new Promise((resolve) => setTimeout(resolve, 250));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await dailyStreams(track)).toBe(expected);
    // Registering a dozen listeners (password hashing) and waiting out the queues' batch timeout take seconds.
  }, 30_000);
});

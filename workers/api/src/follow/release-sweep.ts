import { owedFanouts, queueReleases, releaseDueAlbums } from '#core/catalog/releases.ts';
import { log } from '#core/log.ts';
import { allShardDbs } from '#core/shards.ts';

/** A fan-out still unfinished this long after its release is taken to be lost, and queued again (it is idempotent). */
const OWED_AFTER_MS = 10 * 60_000;
const OWED_PER_SHARD = 100;

/**
 * The release sweep (every minute, wrangler.toml `[triggers]`): releases albums
 * whose release date has come, and queues again the fan-outs owed (a send that
 * failed, a page the queue gave up on).
 */
export async function sweepReleases(env: Env, now: number): Promise<{ released: number; requeued: number }> {
  const perShard = await Promise.all(
    allShardDbs(env, 'CATALOG').map(async (db) => ({
      released: await releaseDueAlbums(db, now),
      owed: await owedFanouts(db, now, OWED_AFTER_MS, OWED_PER_SHARD),
    })),
  );
  const released = perShard.flatMap((s) => s.released);
  const owed = perShard.flatMap((s) => s.owed);
  await queueReleases(env, [...released, ...owed]);
  if (released.length + owed.length > 0) log('info', 'release_sweep', { worker: 'api', released: released.length, requeued: owed.length });
  return { released: released.length, requeued: owed.length };
}

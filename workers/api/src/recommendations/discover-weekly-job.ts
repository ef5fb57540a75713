import type { WorkflowStep } from 'cloudflare:workers';
import { STEP_RETRIES } from '../jobs/step-retries.ts';
import { log } from '#core/log.ts';
import { shardCount } from '#core/shards.ts';
import { activeListeners, LISTENERS_PER_STEP, writeDiscoverWeekly } from './discover-weekly.ts';

/**
 * One durable step of the `discover-weekly` job: the next page of a user
 * shard's active listeners after `after`, each one's playlist written. Returns
 * where the next page starts, or null when the shard is done. Rewriting a
 * listener is idempotent, so a retried step simply writes its page again.
 */
export async function writeDiscoverWeeklyPage(env: Env, shard: number, after: string, now: number): Promise<string | null> {
  const listeners = await activeListeners(env, shard, after, now);
  for (const listenerId of listeners) await writeDiscoverWeekly(env, listenerId, now);
  log('info', 'discover_weekly_page', { worker: 'api', shard, listeners: listeners.length });
  return listeners.length < LISTENERS_PER_STEP ? null : listeners.at(-1)!;
}

/** The `discover-weekly` job: one step per page of each user shard's active listeners; the run's start time fixes the week for every retry. */
export async function runDiscoverWeekly(env: Env, step: WorkflowStep, now: number): Promise<void> {
  for (let shard = 0; shard < shardCount(env, 'USERS'); shard++) {
    for (let page = 0, after: string | null = ''; after !== null; page++) {
      const from: string = after;
      after = await step.do(`discover weekly shard ${shard} page ${page}`, STEP_RETRIES, () => writeDiscoverWeeklyPage(env, shard, from, now));
    }
  }
}

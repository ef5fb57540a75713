import type { WorkflowStep } from 'cloudflare:workers';
import { log } from '#core/log.ts';
import { PairSums } from '#core/recommendations/similarity.ts';
import { shardCount, shardDb } from '#core/shards.ts';
import { STEP_RETRIES } from '../jobs/step-retries.ts';
import { addCost, type D1Cost, noCost } from './d1-cost.ts';
import { addPageSums, dropStaging } from './pair-store.ts';
import { dropUnscored, writeNeighbourPage } from './neighbour-writer.ts';
import { listenerPage, playlistPage } from './source-pages.ts';

export interface SimilarityRun {
  sources: number;
  tracks: number;
  steps: number;
  rowsRead: number;
  rowsWritten: number;
}

/** What a paged step returns: small, far under a step result's 1 MiB. */
interface PageResult extends D1Cost {
  next: string | null;
  /** Sources read, or tracks scored. */
  count: number;
}

const sourceReaders = { listeners: listenerPage, playlists: playlistPage } as const;

/**
 * The `recommendations` job: item-item similarity from every user shard's counted
 * plays and playlists, a full recompute each run. Durable steps, each small:
 *   1. per user shard, per page of sources (listeners, then playlists): their
 *      vectors' pair sums, added to the run's staging on the tracks' catalog shards;
 *   2. per catalog shard (the shards at once), per page of tracks: scores, top-K into track_neighbours;
 *   3. per catalog shard: neighbours of tracks no source holds now, and the staging, dropped.
 * A step's result is a cursor and counts; a retried step redoes its page idempotently.
 */
export async function computeSimilarity(env: Env, step: WorkflowStep, runId: string, startedAt: number): Promise<SimilarityRun> {
  const run: SimilarityRun = { sources: 0, tracks: 0, steps: 0, ...noCost() };
  const done = (cost: D1Cost) => {
    addCost(run, cost);
    run.steps += 1;
  };

  /** One step per page until a page says it was the last (`after` is the previous page's cursor); returns the pages' counts summed. */
  const pages = async (name: string, page: (after: string) => Promise<PageResult>): Promise<number> => {
    let count = 0;
    for (let after = ''; ; ) {
      const result = await step.do(`${name} after ${after || 'start'}`, STEP_RETRIES, () => page(after));
      done(result);
      count += result.count;
      if (!result.next) return count;
      after = result.next;
    }
  };
  const catalogShards = Array.from({ length: shardCount(env, 'CATALOG') }, (_, i) => i);

  // User shards one after another: a page holds up to PAIRS_PER_PAGE pairs in memory, and steps running at once share the isolate's.
  for (let shard = 0; shard < shardCount(env, 'USERS'); shard++) {
    for (const kind of ['listeners', 'playlists'] as const) {
      run.sources += await pages(`${kind} of user shard ${shard}`, async (after) => {
        const cost = noCost();
        const { vectors, next } = await sourceReaders[kind](shardDb(env, 'USERS', shard), after, startedAt, cost);
        const sums = new PairSums();
        for (const vector of vectors) sums.add(vector);
        await addPageSums(env, runId, `${kind}:${shard}:${after}`, sums, cost, startedAt);
        return { next, count: vectors.length, ...cost };
      });
    }
  }

  // Catalog shards at once: each scores only its own tracks.
  const scored = await Promise.all(
    catalogShards.map((shard) =>
      pages(`neighbours on catalog shard ${shard}`, async (after) => {
        const cost = noCost();
        const { next, tracks } = await writeNeighbourPage(env, shard, runId, after, startedAt, cost);
        return { next, count: tracks, ...cost };
      }),
    ),
  );
  run.tracks = scored.reduce((a, b) => a + b, 0);

  await Promise.all(
    catalogShards.map(async (shard) =>
      done(
        await step.do(`clean up catalog shard ${shard}`, STEP_RETRIES, async () => {
          const cost = noCost();
          const db = shardDb(env, 'CATALOG', shard);
          await dropUnscored(db, startedAt, cost);
          await dropStaging(db, runId, cost, startedAt);
          return cost;
        }),
      ),
    ),
  );
  log('info', 'recommendations_job_done', { worker: 'api', run_id: runId, ...run });
  return run;
}

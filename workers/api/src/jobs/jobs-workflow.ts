import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from 'cloudflare:workers';
import { computeTrendingCharts } from '../charts/compute-trending.ts';
import { closeRoyaltyMonth } from '../royalties/close-month.ts';
import { writeDiscoverWeeklyPage } from '../recommendations/discover-weekly-job.ts';
import { shardCount } from '#core/shards.ts';

export type JobParams = { name: 'charts' } | { name: 'royalties'; month: string } | { name: 'discover-weekly' };

const RETRIES = { retries: { limit: 3, delay: '10 seconds', backoff: 'exponential' } } as const;

/**
 * The scheduled jobs, one Workflow run each (binding JOBS): the cron and the
 * admin route start runs, and a run's status is the job's status. Each job is one
 * durable step, retried on a transient failure; both write idempotently.
 */
export class JobsWorkflow extends WorkflowEntrypoint<Env, JobParams> {
  override async run(event: WorkflowEvent<JobParams>, step: WorkflowStep) {
    const job = event.payload;
    if (job.name === 'charts') return step.do('trending charts', RETRIES, () => computeTrendingCharts(this.env));
    if (job.name === 'discover-weekly') {
      // One step per page of each user shard's active listeners; the run's start time fixes the week for every retry.
      const now = event.timestamp.getTime();
      for (let shard = 0; shard < shardCount(this.env, 'USERS'); shard++) {
        for (let page = 0, after: string | null = ''; after !== null; page++) {
          const from: string = after;
          after = await step.do(`discover weekly shard ${shard} page ${page}`, RETRIES, () => writeDiscoverWeeklyPage(this.env, shard, from, now));
        }
      }
      return;
    }
    return step.do(`royalty statements ${job.month}`, RETRIES, () => closeRoyaltyMonth(this.env, job.month));
  }
}

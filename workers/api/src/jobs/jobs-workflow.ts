import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from 'cloudflare:workers';
import { computeTrendingCharts } from '../charts/compute-trending.ts';
import { computeSimilarity } from '../recommendations/similarity-job.ts';
import { closeRoyaltyMonth } from '../royalties/close-month.ts';
import { STEP_RETRIES } from './step-retries.ts';
import { runDiscoverWeekly } from '../recommendations/discover-weekly-job.ts';
import { runFeedRefresh } from '../podcasts/refresh-feeds.ts';

export type JobParams =
  | { name: 'charts' }
  | { name: 'royalties'; month: string }
  | { name: 'recommendations' }
  | { name: 'discover-weekly' }
  | { name: 'podcast-feeds' };

/**
 * The scheduled jobs, one Workflow run each (binding JOBS): the cron and the
 * admin route start runs, and a run's status is the job's status. Each job is one
 * durable step, retried on a transient failure; both write idempotently. The
 * podcast feed refresh is a step per imported show (podcasts/refresh-feeds.ts); the
 * recommendations job is many steps, one per shard page (recommendations/similarity-job.ts).
 */
export class JobsWorkflow extends WorkflowEntrypoint<Env, JobParams> {
  override async run(event: WorkflowEvent<JobParams>, step: WorkflowStep) {
    const job = event.payload;
    if (job.name === 'charts') return step.do('trending charts', STEP_RETRIES, () => computeTrendingCharts(this.env));
    if (job.name === 'recommendations') return computeSimilarity(this.env, step, event.instanceId, event.timestamp.getTime());
    if (job.name === 'discover-weekly') return runDiscoverWeekly(this.env, step, event.timestamp.getTime());
    if (job.name === 'podcast-feeds') return runFeedRefresh(this.env, step);
    return step.do(`royalty statements ${job.month}`, STEP_RETRIES, () => closeRoyaltyMonth(this.env, job.month));
  }
}

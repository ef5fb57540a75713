import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from 'cloudflare:workers';
import { computeTrendingCharts } from '../charts/compute-trending.ts';
import { closeRoyaltyMonth } from '../royalties/close-month.ts';

export type JobParams = { name: 'charts' } | { name: 'royalties'; month: string };

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
    return step.do(`royalty statements ${job.month}`, RETRIES, () => closeRoyaltyMonth(this.env, job.month));
  }
}

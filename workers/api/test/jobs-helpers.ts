import { createExecutionContext, createScheduledController, introspectWorkflow, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import worker from '../src/index.ts';
import { CHARTS_CRON } from '../src/jobs/schedule.ts';
import { api, body } from './helpers.ts';

/** Fires a Cron Trigger at the worker's scheduled() handler and waits until the job runs it started have finished. */
export async function runCron(cron: string, scheduledTime = Date.now()): Promise<void> {
  const introspector = await introspectWorkflow(env.JOBS);
  try {
    const ctx = createExecutionContext();
    worker.scheduled(createScheduledController({ cron, scheduledTime }), env, ctx);
    await waitOnExecutionContext(ctx);
    const runs = await introspector.get();
    if (runs.length === 0) throw new Error(`cron ${cron} started no job`);
    for (const run of runs) await run.waitForStatus('complete');
  } finally {
    await introspector.dispose();
  }
}

/** The hourly charts job, as its Cron Trigger runs it. */
export const runChartsCron = () => runCron(CHARTS_CRON);

/** Polls GET /admin/jobs/{id} until the job is no longer running. */
export async function awaitJob(jobId: string, token: string, polls = 200): Promise<string> {
  for (let i = 0; i < polls; i++) {
    const { status } = await body(await api(`/api/v1/admin/jobs/${jobId}`, { token }));
    if (status !== 'running') return status;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${jobId} still running`);
}

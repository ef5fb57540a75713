import { NotFound } from '#core/errors.ts';
import type { JobParams } from './jobs-workflow.ts';

export type JobStatus = 'running' | 'done' | 'failed';

/** Starts a run of the JOBS Workflow; its instance id is the job id. */
export async function startJob(env: Env, params: JobParams): Promise<string> {
  const instance = await env.JOBS.create({ id: `${params.name}-${crypto.randomUUID()}`, params });
  return instance.id;
}

/** A Workflow instance's status in the API's three words: anything not finished is still running. */
export async function jobStatus(env: Env, jobId: string): Promise<JobStatus> {
  let instance: WorkflowInstance;
  try {
    instance = await env.JOBS.get(jobId);
  } catch {
    throw new NotFound(`No job with id ${JSON.stringify(jobId)}.`, 'job_not_found');
  }
  const { status } = await instance.status();
  if (status === 'complete') return 'done';
  if (status === 'errored' || status === 'terminated') return 'failed';
  return 'running';
}

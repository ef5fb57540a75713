import { z } from 'zod';
import type { AuthedEnv } from '../auth/middleware.ts';
import { errors } from '../http/error-responses.ts';
import { jsonResponse } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';
import { assertMonthClosed, previousMonth } from '../royalties/close-month.ts';
import { Month } from '../royalties/statement.ts';
import { jobStatus, startJob } from './start-job.ts';

const JobName = z.enum(['charts', 'royalties', 'recommendations', 'discover-weekly', 'podcast-feeds']);
const JobId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'a job id as POST /admin/jobs/{name} returned it');

/** `/api/v1/admin/jobs`: admins run a scheduled job now and follow it (jobs-workflow.ts). */
export const jobAdminRoutes = routeGroup<AuthedEnv>('Admin jobs', authenticated('admin'))
  .route(
    {
      method: 'post',
      path: '/admin/jobs/{name}',
      summary: 'Run a scheduled job now',
      description:
        "`charts` recomputes every trending chart; `recommendations` recomputes every track's neighbours (item-item similarity from counted plays and playlists); `discover-weekly` writes each active listener's Discover Weekly playlist; `podcast-feeds` imports the new items of every imported podcast feed; `royalties` closes `month` (default: the last closed month), storing each artist's statement once (409 month_not_closed for the current month).",
      request: { params: z.object({ name: JobName }), query: z.object({ month: Month.optional() }) },
      responses: { 202: jsonResponse(z.object({ job_id: z.string() }), 'Started.'), ...errors(409) },
    },
    async (c) => {
      const { name } = c.req.valid('param');
      if (name === 'charts' || name === 'recommendations' || name === 'discover-weekly' || name === 'podcast-feeds')
        return c.json({ job_id: await startJob(c.env, { name }) }, 202);
      const month = c.req.valid('query').month ?? previousMonth();
      assertMonthClosed(month);
      return c.json({ job_id: await startJob(c.env, { name, month }) }, 202);
    },
  )
  .route(
    {
      method: 'get',
      path: '/admin/jobs/{job_id}',
      summary: "A job's status",
      request: { params: z.object({ job_id: JobId }) },
      responses: { 200: jsonResponse(z.object({ job_id: z.string(), status: z.enum(['running', 'done', 'failed']) }), 'The status.'), ...errors(404) },
    },
    async (c) => {
      const jobId = c.req.valid('param').job_id;
      return c.json({ job_id: jobId, status: await jobStatus(c.env, jobId) });
    },
  ).app;

import type { AuthedEnv } from '../auth/middleware.ts';
import { errors } from '../http/error-responses.ts';
import { jsonResponse } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';
import { requeueUpload } from './requeue-upload.ts';
import { UploadIdParam, UploadStatusResponse } from './schemas.ts';

/** `/api/v1/admin/uploads`: admins retry a transcode from the stored source (no new upload needed). */
export const uploadAdminRoutes = routeGroup<AuthedEnv>('Uploads', authenticated('admin')).route(
  {
    method: 'post',
    path: '/admin/uploads/{id}/requeue',
    summary: 'Transcode an upload again from its stored source',
    description:
      'For a failed upload, or one delayed after its job was dead-lettered. 409 upload_not_requeueable in any other state or with a job already queued; 409 source_missing when the file is gone.',
    request: { params: UploadIdParam },
    responses: { 202: jsonResponse(UploadStatusResponse, 'Queued for transcoding.'), ...errors(404, 409, 503) },
  },
  async (c) => c.json(await requeueUpload(c.env, c.req.valid('param').id), 202),
).app;

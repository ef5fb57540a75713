import type { AuthedEnv } from '../auth/middleware.ts';
import { errors } from '../http/error-responses.ts';
import { jsonResponse } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';
import { releaseUpload } from './release-upload.ts';
import { requeueUpload } from './requeue-upload.ts';
import { UploadIdParam, UploadStatusResponse } from './schemas.ts';

/**
 * What only admins do to uploads: retry a transcode from the stored source (no new
 * upload needed), and release one held because its audio matched another artist's track.
 */
export const uploadAdminRoutes = routeGroup<AuthedEnv>('Uploads', authenticated('admin'))
  .route(
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
  )
  .route(
    {
      method: 'post',
      path: '/uploads/{id}/release',
      summary: 'Release a held upload',
      description:
        "A `held` upload's audio matched (by acoustic fingerprint) a track of another artist, named in its `error`. Releasing it makes it `ready` as a transcode would (playable, searchable, its album released when due) from the audio it was held with. 409 upload_not_held in any other state.",
      request: { params: UploadIdParam },
      responses: { 200: jsonResponse(UploadStatusResponse, 'Released: the upload is ready.'), ...errors(404, 409) },
    },
    async (c) => c.json(await releaseUpload(c.env, c.req.valid('param').id), 200),
  ).app;

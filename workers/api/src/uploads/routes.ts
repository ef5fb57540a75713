import type { AuthedEnv } from '../auth/middleware.ts';
import { errors } from '../http/error-responses.ts';
import { jsonBody, jsonResponse } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';
import { findUpload, uploadView } from './access.ts';
import { completeUpload } from './complete-upload.ts';
import { createUpload } from './create-upload.ts';
import { putPart } from './parts.ts';
import { CreatedUploadResponse, CreateUploadBody, PartParam, PartResponse, UploadIdParam, UploadStatusResponse, UploadView } from './schemas.ts';

/** `/api/v1/uploads`: artists (and admins) send audio in parts to R2, then complete to transcode. */
export const uploadRoutes = routeGroup<AuthedEnv>('Uploads', authenticated('artist', 'admin'))
  .route(
    {
      method: 'post',
      path: '/uploads',
      summary: 'Open an upload',
      description:
        'A track (no `kind`, or `kind: "track"`) or, with `kind: "episode"` and `show_id`, an episode of one of the caller\'s shows: transcoded to the speech ladder (mono AAC 32/64/96 kb/s, loudness normalised, chapters kept), up to MAX_EPISODE_SECONDS long. A malformed `show_id` is 422, an unknown show 404, another artist\'s show 403.',
      request: jsonBody(CreateUploadBody),
      responses: { 201: jsonResponse(CreatedUploadResponse, 'Send the parts next.'), ...errors(403, 404, 429, 503) },
    },
    async (c) => c.json(await createUpload(c.env, c.var.user, c.req.valid('json')), 201),
  )
  .route(
    {
      method: 'put',
      path: '/uploads/{id}/parts/{n}',
      summary: 'Send one part of the audio',
      description: 'The raw bytes, exactly the part size (the last part: the rest); read and bounded by the handler.',
      request: { params: PartParam, body: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } } },
      responses: { 200: jsonResponse(PartResponse, 'Stored.'), ...errors(404, 409, 413, 422) },
    },
    async (c) => {
      const { id, n } = c.req.valid('param');
      return c.json(await putPart(c.env, c.var.user, id, n, c.req.raw));
    },
  )
  .route(
    {
      method: 'post',
      path: '/uploads/{id}/complete',
      summary: 'Finish the upload and queue the transcode',
      request: { params: UploadIdParam },
      responses: { 202: jsonResponse(UploadStatusResponse, 'Queued for transcoding.'), ...errors(404, 409, 422, 503) },
    },
    async (c) => c.json(await completeUpload(c.env, c.var.user, c.req.valid('param').id, c.var.requestId), 202),
  )
  .route(
    {
      method: 'get',
      path: '/uploads/{id}',
      summary: "An upload's state",
      request: { params: UploadIdParam },
      responses: { 200: jsonResponse(UploadView, 'The upload.'), ...errors(404) },
    },
    async (c) => {
      const { upload } = await findUpload(c.env, c.var.user, c.req.valid('param').id, 'owner_or_admin');
      return c.json(uploadView(upload));
    },
  ).app;

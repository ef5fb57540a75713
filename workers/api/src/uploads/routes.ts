import { Hono } from 'hono';
import { validate } from '../../../../core/http/validation.ts';
import { requireAuth, requireRole, type AuthedEnv } from '../auth/middleware.ts';
import { findUpload, uploadView } from './access.ts';
import { completeUpload } from './complete-upload.ts';
import { createUpload } from './create-upload.ts';
import { putPart } from './parts.ts';
import { CreateUploadBody, PartParam, UploadIdParam } from './schemas.ts';

export const uploadRoutes = new Hono<AuthedEnv>()
  .use(requireAuth, requireRole('artist', 'admin'))
  .post('/', validate('json', CreateUploadBody), async (c) => c.json(await createUpload(c.env, c.var.user, c.req.valid('json')), 201))
  .put('/:id/parts/:n', validate('param', PartParam), async (c) => {
    const { id, n } = c.req.valid('param');
    return c.json(await putPart(c.env, c.var.user, id, n, c.req.raw));
  })
  .post('/:id/complete', validate('param', UploadIdParam), async (c) => c.json(await completeUpload(c.env, c.var.user, c.req.valid('param').id), 202))
  .get('/:id', validate('param', UploadIdParam), async (c) => {
    const { upload } = await findUpload(c.env, c.var.user, c.req.valid('param').id, 'owner_or_admin');
    return c.json(uploadView(upload));
  });

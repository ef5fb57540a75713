import { z } from 'zod';
import type { AuthedEnv } from '../auth/middleware.ts';
import { errors } from '../http/error-responses.ts';
import { jsonBody, jsonResponse } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';
import { copyPage, deletePage, rebuildDerived, scanPage } from './move-pages.ts';
import { familyState, finishMove, startMove, switchMove } from './move-state.ts';
import {
  CopyResponse,
  DeleteBody,
  DeleteResponse,
  FamilyParam,
  FamilyStateResponse,
  PageBody,
  RebuildBody,
  ScanBody,
  ScanResponse,
  StartMoveBody,
} from './schemas.ts';

const stateResponse = (description: string) => ({ 200: jsonResponse(FamilyStateResponse, description), ...errors(409) });

/**
 * `/api/v1/admin/shards`: the server side of a reshard (scripts/reshard.mjs drives
 * it, one step or page per request): freeze a range and start the move, copy and
 * check it table by table, switch the map, delete the source's copy, release the range.
 */
export const reshardAdminRoutes = routeGroup<AuthedEnv>('Admin shards', authenticated('admin'))
  .route(
    {
      method: 'get',
      path: '/admin/shards/{family}',
      summary: "A family's shard map in force and the move under way",
      request: { params: FamilyParam },
      responses: { 200: jsonResponse(FamilyStateResponse, 'The state.') },
    },
    async (c) => c.json(await familyState(c.env, c.req.valid('param').family)),
  )
  .route(
    {
      method: 'put',
      path: '/admin/shards/{family}/move',
      summary: 'Start moving a range of virtual shards to another database',
      description:
        'Freezes the range (writes to it answer 503 with Retry-After until it is released). Answers the move already under way when it is the same one; 409 move_in_progress for another; 422 when the range spans databases or the target is unknown.',
      request: { params: FamilyParam, ...jsonBody(StartMoveBody) },
      responses: { ...stateResponse('The move, copying.'), ...errors(422) },
    },
    async (c) => {
      const { from, to, target } = c.req.valid('json');
      return c.json(await startMove(c.env, c.req.valid('param').family, from, to, target));
    },
  )
  .route(
    {
      method: 'post',
      path: '/admin/shards/{family}/move/copy',
      summary: "Copy one page of a table's rows in the moving range to the target",
      request: { params: FamilyParam, ...jsonBody(PageBody) },
      responses: { 200: jsonResponse(CopyResponse, 'Copied.'), ...errors(409) },
    },
    async (c) => {
      const { table, after } = c.req.valid('json');
      return c.json(await copyPage(c.env, c.req.valid('param').family, table, after));
    },
  )
  .route(
    {
      method: 'post',
      path: '/admin/shards/{family}/move/scan',
      summary: "Count and checksum one page of a table's rows in the moving range",
      request: { params: FamilyParam, ...jsonBody(ScanBody) },
      responses: { 200: jsonResponse(ScanResponse, 'Counted.'), ...errors(409) },
    },
    async (c) => {
      const { table, side, after } = c.req.valid('json');
      return c.json(await scanPage(c.env, c.req.valid('param').family, table, side, after));
    },
  )
  .route(
    {
      method: 'post',
      path: '/admin/shards/{family}/move/rebuild',
      summary: 'Rebuild the search vocabulary on one side of the move',
      request: { params: FamilyParam, ...jsonBody(RebuildBody) },
      responses: { 200: jsonResponse(z.object({ rebuilt: z.literal(true) }), 'Rebuilt.'), ...errors(409) },
    },
    async (c) => {
      await rebuildDerived(c.env, c.req.valid('param').family, c.req.valid('json').side);
      return c.json({ rebuilt: true as const });
    },
  )
  .route(
    {
      method: 'post',
      path: '/admin/shards/{family}/move/switch',
      summary: 'Send the moving range to the target in the shard map (writes stay frozen)',
      request: { params: FamilyParam },
      responses: stateResponse('Switched.'),
    },
    async (c) => c.json(await switchMove(c.env, c.req.valid('param').family)),
  )
  .route(
    {
      method: 'post',
      path: '/admin/shards/{family}/move/delete',
      summary: "Delete one page of the moving range's rows from the source (switched) or the target (copying)",
      request: { params: FamilyParam, ...jsonBody(DeleteBody) },
      responses: { 200: jsonResponse(DeleteResponse, 'Deleted.'), ...errors(409) },
    },
    async (c) => {
      const { table, side, after } = c.req.valid('json');
      return c.json(await deletePage(c.env, c.req.valid('param').family, table, side, after));
    },
  )
  .route(
    {
      method: 'delete',
      path: '/admin/shards/{family}/move',
      summary: 'End a switched move, releasing the range, or abandon one still copying',
      request: { params: FamilyParam },
      responses: stateResponse('Ended.'),
    },
    async (c) => c.json(await finishMove(c.env, c.req.valid('param').family)),
  ).app;

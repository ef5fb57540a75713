import { z } from 'zod';
import { NotFound } from '#core/errors.ts';
import { roles } from '#core/db/users-schema.ts';
import { PRODUCTS } from '#core/protocol/tiers.ts';
import type { AuthedEnv } from '../auth/middleware.ts';
import { errors } from '../http/error-responses.ts';
import { jsonBody, jsonResponse } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';
import { setProduct } from './set-product.ts';

const UserIdParam = z.object({ id: z.string().max(64) });
const SetProductBody = z.strictObject({ product: z.enum(PRODUCTS) });
const AdminUserResponse = z.object({ id: z.string(), display_name: z.string(), role: z.enum(roles), product: z.enum(PRODUCTS) });

/** `/api/v1/admin/users`: admins set a listener's tier. */
export const userAdminRoutes = routeGroup<AuthedEnv>('Admin users', authenticated('admin')).route(
  {
    method: 'put',
    path: '/admin/users/{id}',
    summary: "Set an account's tier (free or premium)",
    description:
      "The account's `product` changes at once (GET /me shows it); the listener's access tokens already issued keep the old tier until the next refresh, whose token and stream URLs carry the new one. 404 user_not_found for an unknown id.",
    request: { params: UserIdParam, ...jsonBody(SetProductBody) },
    responses: { 200: jsonResponse(AdminUserResponse, 'The account with its new tier.'), ...errors(404) },
  },
  async (c) => {
    const { id } = c.req.valid('param');
    const user = await setProduct(c.env, id, c.req.valid('json').product);
    if (!user) throw new NotFound(`No user with id ${JSON.stringify(id)}.`, 'user_not_found');
    return c.json({ id: user.id, display_name: user.displayName, role: user.role, product: user.product });
  },
).app;

import { z } from 'zod';
import { PRODUCTS } from '#core/protocol/tiers.ts';
import { REGIONS } from '#core/regions.ts';

const DataRegion = z.enum(REGIONS);

export const RegisterBody = z.object({
  email: z.email().max(254),
  password: z.string().min(8, 'must be at least 8 characters').max(256),
  display_name: z.string().trim().min(1).max(100),
  // Admin is never self-assigned: it comes from ADMIN_EMAILS.
  role: z.enum(['listener', 'artist']).default('listener'),
  data_region: DataRegion.optional().describe(
    "Where the account's data is kept; default from the request's country (EU/EEA countries: eu, else us). It never changes.",
  ),
});

export const LoginBody = z.object({
  email: z.string().max(254),
  password: z.string().max(256),
});

export const RefreshBody = z.object({
  refresh_token: z.string().min(1).max(512),
});

export const LogoutBody = RefreshBody;

/** Register, login and refresh answer with a session. */
export const SessionResponse = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int(),
  user: z.object({ id: z.string(), display_name: z.string(), role: z.enum(['listener', 'artist', 'admin']) }),
});

/** `GET /api/v1/me`. */
export const MeResponse = z.object({
  id: z.string(),
  email: z.string(),
  display_name: z.string(),
  role: z.enum(['listener', 'artist', 'admin']),
  product: z.enum(PRODUCTS),
  country: z.string().nullable(),
  artist_id: z.string().nullable(),
  uri: z.string(),
  data_region: DataRegion.describe("The region the account's data is kept in."),
});

import { z } from 'zod';

export const RegisterBody = z.object({
  email: z.email().max(254),
  password: z.string().min(8, 'must be at least 8 characters').max(256),
  display_name: z.string().trim().min(1).max(100),
  // Admin is never self-assigned: it comes from ADMIN_EMAILS.
  role: z.enum(['listener', 'artist']).default('listener'),
});

export const LoginBody = z.object({
  email: z.string().max(254),
  password: z.string().max(256),
});

export const RefreshBody = z.object({
  refresh_token: z.string().min(1).max(512),
});

export const LogoutBody = RefreshBody;

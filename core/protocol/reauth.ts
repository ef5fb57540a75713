import { z } from 'zod';

/**
 * Both WebSockets (`/playlists/{id}/live`, `/me/player/connect`) live only as
 * long as the access token they were opened with. A client keeps one open by
 * sending a fresh token of the same account before `exp`; otherwise the server
 * closes it with TOKEN_EXPIRED_CLOSE and the client refreshes and reconnects.
 */
export const TOKEN_EXPIRED_CLOSE = 4001;

/** api worker → Durable Object: the upgrade carries the access token the worker checked; the object verifies it again. */
export const ACCESS_TOKEN_HEADER = 'X-Encore-Access-Token';

/** client → server. Answered with `authenticated`, or `error` (the socket keeps its old expiry). */
export const ReAuth = z.object({ type: z.literal('auth'), access_token: z.string().min(1).max(4096) });
export type ReAuth = z.infer<typeof ReAuth>;

/** server → client: the socket now lasts until `expires_at` (epoch ms). */
export const Authenticated = z.object({ type: z.literal('authenticated'), expires_at: z.number().int() });

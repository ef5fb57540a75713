import { CatalogSessions } from '../catalog/read-sessions.ts';

/** Subsonic clients carry no D1 bookmarks: each request reads wherever the replicas are. */
export const catalogReads = (env: Env) => new CatalogSessions(env, new Map(), 'replica');

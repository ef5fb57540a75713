import { DurableObject } from 'cloudflare:workers';

/** One per playlist: orders every edit, keeps the list in SQLite, pushes diffs to live viewers. */
export class PlaylistRoom extends DurableObject<Env> {}

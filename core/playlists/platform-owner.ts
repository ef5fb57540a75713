/**
 * The owner of the playlists the platform makes (Discover Weekly). Not an
 * account: no shard holds it, nobody signs in as it, and an algorithmic
 * playlist's follow row goes to its listener (durable-objects/playlist-room.ts).
 */
export const PLATFORM_OWNER = { id: 'encore', display_name: 'Encore' } as const;

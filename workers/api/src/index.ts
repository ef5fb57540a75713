import { app } from './app.ts';

export { DeviceSession } from '#do/device-session.ts';
export { PlaylistRoom } from '#do/playlist-room.ts';

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;

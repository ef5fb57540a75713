import { app } from './app.ts';

export { DeviceSession } from '../../../durable-objects/device-session.ts';
export { PlaylistRoom } from '../../../durable-objects/playlist-room.ts';

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;

import { app } from './app.ts';
import { consumeFanout } from './follow/fanout-consumer.ts';
import { startScheduledJobs } from './jobs/schedule.ts';

export { DeviceSession } from '#do/device-session.ts';
export { PlaylistRoom } from '#do/playlist-room.ts';
export { JobsWorkflow } from './jobs/jobs-workflow.ts';

export default {
  fetch: app.fetch,
  // Cron Triggers (wrangler.toml [triggers]) start the charts and royalties jobs.
  scheduled: (controller, env, ctx) => ctx.waitUntil(startScheduledJobs(controller, env)),
  // The release fan-out queue (wrangler.toml), the only queue this worker consumes.
  queue: consumeFanout,
} satisfies ExportedHandler<Env>;

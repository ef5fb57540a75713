import { mergeConfig } from 'vitest/config';
import { feedServerSetupFile } from '../../test/support/feed-server.ts';
import { hlsFixtureSetupFile } from '../../test/support/hls-fixture.ts';
import { workerProject } from '../../test/support/worker-project.ts';

const project = await workerProject(
  'api',
  'wrangler.toml',
  'workers/api/test',
  [
    { name: 'encore-stream', configPath: 'workers/stream/wrangler.toml' },
    // The real consumer, so a report's message can be followed from the queue to the database.
    { name: 'encore-listening-events', configPath: 'workers/listening-events/wrangler.toml' },
    // For health only: nothing listens on port 9, so the transcoder reads as down (health.test.ts).
    {
      name: 'encore-transcode-queue',
      configPath: 'workers/transcode-queue/wrangler.toml',
      withoutConsumers: true,
      vars: { TRANSCODER_URL: 'http://127.0.0.1:9' },
    },
  ],
  {
    // Low, so the fan-out tests reach pull with a handful of followers.
    FANOUT_PUSH_MAX_FOLLOWERS: '3',
    // The podcast import tests serve feeds from a local HTTP server (podcast-import.test.ts).
    ALLOW_PRIVATE_FEEDS: 'true',
  },
);

// A real HLS ladder encoded with ffmpeg (the Subsonic stream tests serve it progressively); a real HTTP server for podcast feeds.
export default mergeConfig(project, { test: { globalSetup: [hlsFixtureSetupFile, feedServerSetupFile] } });

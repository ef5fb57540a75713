import { startTestTranscoder } from '../../../test/support/test-transcoder.ts';
import { workerProject } from '../../../test/support/worker-project.ts';

// The fuzz walk runs against the same bindings and neighbours as the api project.
export default workerProject('fuzz', 'wrangler.toml', 'workers/api/fuzz', [
  { name: 'encore-stream', configPath: 'workers/stream/wrangler.toml' },
  { name: 'encore-listening-events', configPath: 'workers/listening-events/wrangler.toml' },
  // Health asks it for the transcoder: a real one, so health is 200 here.
  {
    name: 'encore-transcode-queue',
    configPath: 'workers/transcode-queue/wrangler.toml',
    withoutConsumers: true,
    vars: { TRANSCODER_URL: await startTestTranscoder() },
  },
]);

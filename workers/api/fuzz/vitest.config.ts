import { workerProject } from '../../../test/support/worker-project.ts';

// The fuzz walk runs against the same bindings and neighbours as the api project.
export default workerProject('fuzz', 'wrangler.toml', 'workers/api/fuzz', [
  { name: 'encore-stream', configPath: 'workers/stream/wrangler.toml' },
  { name: 'encore-listening-events', configPath: 'workers/listening-events/wrangler.toml' },
]);

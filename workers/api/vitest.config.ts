import { workerProject } from '../../test/support/worker-project.ts';

export default workerProject('api', 'wrangler.toml', 'workers/api/test', [{ name: 'encore-stream', configPath: 'workers/stream/wrangler.toml' }]);

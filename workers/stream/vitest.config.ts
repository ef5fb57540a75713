import { workerProject } from '../../test/support/worker-project.ts';

export default workerProject('stream', 'workers/stream/wrangler.toml', 'workers/stream/test');

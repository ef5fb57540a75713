import { workerProject } from '../../test/support/worker-project.ts';

export default workerProject('listening-events', 'workers/listening-events/wrangler.toml', 'workers/listening-events/test');

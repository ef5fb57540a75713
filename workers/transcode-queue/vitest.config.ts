import { workerProject } from '../../test/support/worker-project.ts';

export default workerProject('transcode-queue', 'workers/transcode-queue/wrangler.toml', 'workers/transcode-queue/test');

import { mergeConfig } from 'vitest/config';
import { hlsFixtureSetupFile } from '../../test/support/hls-fixture.ts';
import { workerProject } from '../../test/support/worker-project.ts';

// The globalSetup encodes a real HLS ladder with ffmpeg and provides it to the tests.
export default mergeConfig(await workerProject('stream', 'workers/stream/wrangler.toml', 'workers/stream/test'), {
  test: { globalSetup: [hlsFixtureSetupFile] },
});

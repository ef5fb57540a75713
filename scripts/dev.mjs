// `npm run dev`: the whole platform on one machine. Sets up what is missing,
// applies migrations, starts the transcoder and every worker in one wrangler
// session, seeds a demo catalog on first start, and stops everything on Ctrl-C.
import path from 'node:path';
import { ensureDependencies, ensureDevVars, ensureFfmpeg, ensureFpcalc, root } from './lib/setup.mjs';

ensureDependencies();
ensureFfmpeg();
ensureFpcalc();
ensureDevVars();
(await import('./lib/web-build.mjs')).ensureWebBuild();

const { startPlatform } = await import('./lib/platform.mjs');
const { seedDemoCatalog, DEMO_PASSWORD } = await import('./lib/seed-demo.mjs');

const port = Number(process.env.PORT ?? 8787);
const persistDir = path.join(root, '.wrangler/state');
console.log(`Starting Encore on http://localhost:${port} …`);
const platform = await startPlatform({ port, persistDir, transcoderPort: Number(process.env.TRANSCODER_PORT ?? 8790), verbose: true });

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping Encore…');
  await platform.stop();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

try {
  const seeded = await seedDemoCatalog(platform.origin, persistDir, (m) => console.log(`[seed] ${m}`));
  if (seeded) console.log(`[seed] demo catalog ready: ${seeded.length} tracks`);
} catch (err) {
  console.error(`[seed] could not seed the demo catalog: ${err.message}`);
}
console.log(`
Encore is running at ${platform.origin}
  API      ${platform.origin}/api/v1/health
  Accounts listener@encore.local, admin@encore.local, sinewaves@encore.local (artist) — password "${DEMO_PASSWORD}"
Press Ctrl-C to stop.`);

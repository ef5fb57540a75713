// The api worker serves web/dist; build it first when missing or stale (a plain `npx vitest run` on a fresh clone).
import { ensureWebBuild } from '../../scripts/lib/web-build.mjs';

export default function setup(): void {
  ensureWebBuild();
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '#core/seeded-random.ts';
import { app } from '../src/app.ts';
import { HttpWalk, type Failure } from './http-walk.ts';
import { routesOf } from './route-table.ts';
import { SocketWalk } from './socket-walk.ts';
import { buildWorld, type World } from './world.ts';

/** Fixed, so a failure replays: the same seed sends the same requests in the same order (`#n` in a failure is its place). */
const SEED = 20_261_110;

let world: World;
let httpCount = 0;
let frameCount = 0;
const started = Date.now();

beforeAll(async () => {
  world = await buildWorld();
}, 60_000);

afterAll(() => {
  console.log(`fuzz: ${httpCount} HTTP requests, ${frameCount} WebSocket frames, seed ${SEED}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

function report(failures: Failure[]): string {
  // One line per distinct problem of a request shape, so a bug repeated 200 times reads as one.
  const groups = new Map<string, { first: Failure; count: number }>();
  for (const f of failures) {
    const key = `${f.request.replace(/^#\d+ /, '').replace(/ \[.*$/, '')}|${f.status}|${f.problem.slice(0, 60)}`;
    const group = groups.get(key);
    if (group) group.count += 1;
    else groups.set(key, { first: f, count: 1 });
  }
  return [...groups.values()]
    .map(
      ({ first, count }) =>
        `- ${first.request}\n  → ${first.status} ${first.problem}${count > 1 ? ` (×${count})` : ''}\n  ${first.snippet.replace(/\s+/g, ' ').slice(0, 200)}`,
    )
    .join('\n');
}

describe(`fuzz (seed ${SEED})`, () => {
  it('every route of the api worker, as anonymous, listener, artist and admin: no 5xx, the error shape on every 4xx, no stack trace', async () => {
    const routes = routesOf(app);
    expect(routes.length).toBeGreaterThan(40);
    const walk = new HttpWalk(world, seededRandom(SEED));
    await walk.walk(routes);
    httpCount = walk.sent;
    // Routes the walk never got a success from are fuzzed only down to their first refusal: worth an example in examples.ts.
    const shallow = [...walk.statuses].filter(([, counts]) => ![...counts.keys()].some((status) => status >= 100 && status < 300)).map(([route]) => route);
    if (shallow.length) console.log(`fuzz: no success on ${shallow.join(', ')}`);
    expect(walk.failures.length, `${walk.failures.length} bad answers of ${walk.sent} requests (seed ${SEED}):\n${report(walk.failures)}`).toBe(0);
  }, 240_000);

  it('both WebSockets: hostile frames get an error or a clean close, never a stack trace, and the server keeps answering', async () => {
    const walk = new SocketWalk(world, seededRandom(SEED + 1));
    await walk.walk();
    frameCount = walk.sent;
    expect(walk.failures.length, `${walk.failures.length} bad answers of ${walk.sent} frames (seed ${SEED + 1}):\n${report(walk.failures)}`).toBe(0);
  }, 120_000);
});

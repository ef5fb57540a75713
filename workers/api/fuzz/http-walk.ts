import { exports } from 'cloudflare:workers';
import { BASE } from '../test/helpers.ts';
import { examples, realValues, unknownValues, type Example } from './examples.ts';
import { HOSTILE_STRINGS, MALFORMED_IDS, TEN_KB } from './hostile-values.ts';
import { fieldMutations, queryMutations, rawMutations, sample, structuralBodies, type BodyVariant } from './mutations.ts';
import { fillPath, paramsOf, resourceOf, routeKey, type Route } from './route-table.ts';
import { isHtmlPage, judgeResponse } from './verdict.ts';
import type { Identity, World } from './world.ts';

/** How much of each kind of mutation one route gets (the run must stay within about a minute on two cores). */
export const BUDGET = { malformedIds: 4, fieldMutations: 50, queryMutations: 24, socketQueries: 10, structuralForOthers: 3, headerMutations: 12 };
const CONCURRENCY = 4;

export interface Failure {
  request: string;
  status: number;
  problem: string;
  snippet: string;
}

interface Case {
  identity: string;
  authorization?: string;
  headers?: Record<string, string>;
  method: string;
  path: string;
  query?: string;
  body?: BodyVariant;
  upgrade?: boolean;
  label: string;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);
/** Authorization headers that are not a valid session. */
const BROKEN_AUTH = [
  'Bearer x.y.z',
  'Bearer ',
  `Bearer ${TEN_KB}`,
  'Basic YWRtaW46YWRtaW4=',
  'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c3IwX3giLCJyb2xlIjoiYWRtaW4ifQ.',
];

/**
 * Walks every route of the api worker with hostile input as every identity
 * and checks every answer (see verdict.ts); failures are collected, not thrown.
 */
export class HttpWalk {
  sent = 0;
  readonly failures: Failure[] = [];
  /** How many answers of each status class each route gave, to see that the walk reaches past validation. */
  readonly statuses = new Map<string, Map<number, number>>();
  private readonly examples: Record<string, Example>;

  constructor(
    private readonly world: World,
    private readonly random: () => number,
  ) {
    this.examples = examples(world);
  }

  async walk(routes: Route[]): Promise<void> {
    for (const route of orderForWalk(routes)) await this.walkRoute(route);
  }

  private async walkRoute(route: Route): Promise<void> {
    this.current = routeKey(route);
    const example = this.examples[routeKey(route)] ?? {};
    const exampleQuery = example.query ? new URLSearchParams(example.query).toString() : undefined;
    const exampleBody = bodyOf(route.method, example);
    const realPath = fillPath(route.path, Object.fromEntries(paramsOf(route.path).map((p) => [p, realValues(this.world, resourceOf(route.path, p), p)[0]!])));
    const base = { method: route.method, query: exampleQuery, body: exampleBody, upgrade: example.socket };

    // Who gets furthest with the valid example decides who carries the deep mutations.
    const first = await this.run(this.world.identities.map((id) => ({ ...base, ...as(id), path: realPath, label: 'example' })));
    const deep = deepest(this.world.identities, first);

    // The same valid request several times at once, as a double-clicked button sends it: races must end in a 4xx, not a 5xx.
    await this.run(Array.from({ length: CONCURRENCY }, () => ({ ...base, ...as(deep), path: realPath, label: 'example, sent concurrently' })));

    const cases: Case[] = [];
    for (const path of this.pathVariants(route).slice(1)) {
      for (const id of this.world.identities) cases.push({ ...base, ...as(id), path, label: 'path variant' });
    }
    for (const authorization of BROKEN_AUTH)
      cases.push({ ...base, identity: 'broken token', authorization, path: realPath, label: `auth ${authorization.slice(0, 24)}` });
    for (const method of ['PATCH', 'OPTIONS', 'HEAD']) cases.push({ ...base, ...as(deep), method, path: realPath, label: 'other method' });
    for (const headers of sample(hostileHeaders(), BUDGET.headerMutations, this.random)) {
      cases.push({ ...base, ...as(deep), path: realPath, headers, label: `headers ${JSON.stringify(headers).slice(0, 80)}` });
    }

    if (BODY_METHODS.has(route.method)) {
      const bodies = example.raw
        ? rawMutations(example.raw, this.random)
        : [
            ...structuralBodies(example.json),
            ...[example.json, ...(example.alternatives ?? [])].flatMap((json, i) =>
              json ? fieldMutations(json, i === 0 ? BUDGET.fieldMutations : BUDGET.fieldMutations / 2, this.random) : [],
            ),
          ];
      for (const body of bodies) cases.push({ ...base, ...as(deep), path: realPath, body, label: body.label });
      for (const id of this.world.identities.filter((i) => i !== deep)) {
        for (const body of sample(bodies, BUDGET.structuralForOthers, this.random)) cases.push({ ...base, ...as(id), path: realPath, body, label: body.label });
      }
    }
    if (route.method === 'GET' || example.query) {
      for (const q of queryMutations(example.query ?? {}, BUDGET.queryMutations, this.random))
        cases.push({ ...base, ...as(deep), path: realPath, query: q.query, label: `query ${q.label}` });
    }
    if (example.socket) cases.push(...this.socketCases(realPath, example));
    await this.run(cases);
  }

  /** The real path first, then each parameter in turn set to an unknown id and to malformed ones. */
  private pathVariants(route: Route): string[] {
    const params = paramsOf(route.path);
    const real = Object.fromEntries(params.map((p) => [p, realValues(this.world, resourceOf(route.path, p), p)]));
    const first = Object.fromEntries(params.map((p) => [p, real[p]![0]!]));
    const paths = [fillPath(route.path, first)];
    for (const p of params) {
      const resource = resourceOf(route.path, p);
      const others = [...real[p]!.slice(1), ...unknownValues(resource, p), ...sample(MALFORMED_IDS, BUDGET.malformedIds, this.random)];
      for (const value of others) paths.push(fillPath(route.path, { ...first, [p]: value }));
    }
    return paths;
  }

  /** Upgrades with the token in the query, as browsers send it, and hostile tokens and parameters. */
  private socketCases(path: string, example: Example): Case[] {
    const withToken = (query: string, token: string | undefined) =>
      [query, token === undefined ? '' : `access_token=${encodeURIComponent(token)}`].filter(Boolean).join('&');
    const exampleQuery = new URLSearchParams(example.query ?? {}).toString();
    const cases: Case[] = [];
    for (const id of this.world.identities)
      cases.push({ identity: id.name, method: 'GET', path, query: withToken(exampleQuery, id.token), upgrade: true, label: 'socket upgrade' });
    for (const token of ['', 'garbage', 'a.b.c', TEN_KB, this.world.listener.refresh_token]) {
      cases.push({
        identity: 'broken token',
        method: 'GET',
        path,
        query: withToken(exampleQuery, token),
        upgrade: true,
        label: `socket token ${token.slice(0, 12)}`,
      });
    }
    for (const q of queryMutations(example.query ?? {}, BUDGET.socketQueries, this.random)) {
      cases.push({
        identity: 'listener',
        method: 'GET',
        path,
        query: withToken(q.query, this.world.listener.access_token),
        upgrade: true,
        label: `socket query ${q.label}`,
      });
    }
    return cases;
  }

  /** Sends cases a few at a time; returns their statuses in order. */
  private async run(cases: Case[]): Promise<number[]> {
    const statuses: number[] = new Array(cases.length);
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const i = next++;
        statuses[i] = await this.send(cases[i]!);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return statuses;
  }

  private current = '';

  private count(status: number): number {
    const counts = this.statuses.get(this.current) ?? new Map<number, number>();
    counts.set(status, (counts.get(status) ?? 0) + 1);
    this.statuses.set(this.current, counts);
    return status;
  }

  private async send(c: Case): Promise<number> {
    const headers = new Headers();
    for (const [name, value] of Object.entries(c.headers ?? {})) headers.set(name, value);
    if (c.authorization) headers.set('Authorization', c.authorization);
    if (c.upgrade) headers.set('Upgrade', 'websocket');
    if (c.body?.type) headers.set('Content-Type', c.body.type);
    const url = `${BASE}${c.path}${c.query ? (c.path.includes('?') ? '&' : '?') + c.query : ''}`;
    const hasBody = c.body?.text != null && BODY_METHODS.has(c.method);
    const request = `#${this.sent} ${c.identity} ${c.method} ${url.slice(BASE.length, BASE.length + 160)} [${c.label}]${hasBody ? ` body ${JSON.stringify(c.body!.text!.slice(0, 100))}` : ''}`;
    this.sent += 1;
    let res: Response;
    try {
      res = await exports.default.fetch(new Request(url, { method: c.method, headers, body: hasBody ? c.body!.text : undefined }));
    } catch (err) {
      // A request the runtime itself refuses to build (an invalid URL) is not the worker's answer.
      if (err instanceof TypeError && /URL|header/i.test(err.message)) return 0;
      this.failures.push({ request, status: 0, problem: `fetch threw: ${String(err)}`, snippet: '' });
      return 0;
    }
    if (res.status === 101) {
      res.webSocket?.accept();
      res.webSocket?.close(1000, 'fuzz');
      return this.count(101);
    }
    const text = await res.text();
    // A HEAD answer has no body to judge, only its status and headers.
    const problem =
      c.method === 'HEAD' ? (res.status >= 500 ? `status ${res.status}` : null) : judgeResponse(res.status, res.headers, text, isHtmlPage(c.path));
    if (problem) this.failures.push({ request, status: res.status, problem, snippet: text.slice(0, 300) });
    return this.count(res.status);
  }
}

/** Request headers the workers read (D1 bookmarks, the edge's country and address, upgrade) set to hostile values. */
function hostileHeaders(): Record<string, string>[] {
  const fakeBookmark = `${'0'.repeat(8)}-${'0'.repeat(8)}-${'0'.repeat(8)}-${'0'.repeat(16)}`;
  const headerSafe = HOSTILE_STRINGS.filter((s) => /^[\x20-\x7e]*$/.test(s) && s.length < 5000);
  return [
    { 'x-d1-bookmark': `0:${fakeBookmark}` },
    { 'x-d1-bookmark': `1:${'f'.repeat(8)}-${'f'.repeat(8)}-${'f'.repeat(8)}-${'f'.repeat(128)}` },
    { 'x-d1-bookmark': `0:${fakeBookmark},0:${fakeBookmark},3:${fakeBookmark}` },
    { 'x-d1-bookmark': `99:${fakeBookmark}` },
    ...headerSafe.map((value) => ({ 'x-d1-bookmark': value })),
    ...headerSafe.map((value) => ({ 'CF-IPCountry': value })),
    ...headerSafe.map((value) => ({ 'CF-Connecting-IP': value })),
    { 'CF-Connecting-IP': '::1' },
    { 'CF-Connecting-IP': '1.2.3.4, 5.6.7.8' },
    { 'X-Forwarded-For': '127.0.0.1' },
    { Upgrade: 'websocket' },
    { Upgrade: 'h2c', Connection: 'Upgrade' },
    { 'X-Encore-User-Id': 'usr0_AAAAAAAAAAAAAAAA', 'X-Encore-User-Name': '%E2%80%AEadmin' },
    { Accept: 'text/html' },
    { 'Accept-Encoding': 'br, gzip, zstd, x' },
    { Range: 'bytes=-1' },
    { Origin: 'https://evil.example' },
  ];
}

function as(id: Identity): { identity: string; authorization?: string } {
  return { identity: id.name, ...(id.token ? { authorization: `Bearer ${id.token}` } : {}) };
}

/** The identity that got furthest with the valid example: a success first, else anything but 401/403. */
function deepest(identities: Identity[], statuses: number[]): Identity {
  const preferred = ['listener', 'artist', 'admin', 'anonymous'];
  const ranked = identities.map((id, i) => ({ id, status: statuses[i]! })).sort((a, b) => preferred.indexOf(a.id.name) - preferred.indexOf(b.id.name));
  return (
    ranked.find((r) => r.status >= 100 && r.status < 300)?.id ??
    ranked.find((r) => r.status !== 401 && r.status !== 403)?.id ??
    ranked.find((r) => r.id.token)?.id ??
    identities[0]!
  );
}

function bodyOf(method: string, example: Example): BodyVariant | undefined {
  if (!BODY_METHODS.has(method)) return undefined;
  if (example.raw) return { label: 'example', text: example.raw.body, type: example.raw.type };
  return { label: 'example', text: JSON.stringify(example.json ?? {}), type: 'application/json' };
}

/** Deleting a resource's real instance goes last, so every other route still finds it. */
function orderForWalk(routes: Route[]): Route[] {
  const destructive = (r: Route) => r.method === 'DELETE' && /\/:[^/]+$/.test(r.path) && !/collaborators|followers/.test(r.path);
  return [...routes.filter((r) => !destructive(r)), ...routes.filter(destructive)];
}

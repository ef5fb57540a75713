/**
 * What every answer must be, whatever was sent: never a 5xx, a 4xx always in
 * the API's error shape (core/errors.ts) with the HTTP status inside, and nothing anywhere that
 * looks like a stack trace or internals (file positions, source paths, engine
 * error names, SQLite errors).
 */

const LEAK_SIGNS: [RegExp, string][] = [
  [/\bat [^\s()]+ \([^)]*:\d+:\d+\)/, 'stack frame'],
  [/\n\s+at\s+\S/, 'stack lines'],
  [/\b[\w.-]+\.(?:ts|js|mjs|cjs):\d+/, 'source file position'],
  [/(?:^|[\s"'(])\/?(?:workers|durable-objects|core|node_modules)\/[\w.-]+\//, 'source path'],
  [/\b(?:TypeError|ReferenceError|RangeError|SyntaxError|InternalError|AggregateError)\b/, 'engine error name'],
  [/D1_ERROR|SQLITE_|no such (?:table|column)|too many SQL variables/i, 'database error'],
  [/Cannot read propert|is not a function|is not iterable|undefined is not|Unexpected token/, 'engine error text'],
];

/** The first sign of leaked internals in a text, or null. */
export function leakIn(text: string): string | null {
  for (const [pattern, what] of LEAK_SIGNS) {
    const m = pattern.exec(text);
    if (m) return `${what}: …${text.slice(Math.max(0, m.index - 40), m.index + 80)}…`;
  }
  return null;
}

/** Paths of pages rendered for browsers and link crawlers (share/routes.ts): their 4xx may be an HTML page. */
export const isHtmlPage = (path: string) => path.startsWith('/s/');

/** Checks one HTTP answer; returns what is wrong with it, or null. */
export function judgeResponse(status: number, headers: Headers, text: string, htmlPage = false): string | null {
  if (status >= 500) return `status ${status}`;
  const leak = leakIn(text) ?? leakIn([...headers].map(([k, v]) => `${k}: ${v}`).join('\n'));
  if (leak) return leak;
  if (status < 400) return null;
  // A page's own 4xx is an HTML page; any other method there gets the API's JSON error like everywhere.
  if (htmlPage && /^text\/html\b/i.test(headers.get('content-type') ?? '')) return null;
  if (!/^application\/json\b/i.test(headers.get('content-type') ?? '')) return `${status} with content-type ${headers.get('content-type')}`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `${status} body is not JSON`;
  }
  const shapeProblem = errorShapeProblem(json, status);
  if (shapeProblem) return shapeProblem;
  if (status === 429 && !headers.get('retry-after')) return '429 without Retry-After';
  return null;
}

/** `{"error":{"status","code","message"}}` with `status` equal to the answer's (when one is given). */
export function errorShapeProblem(json: unknown, status?: number): string | null {
  const error = (json as { error?: Record<string, unknown> } | null)?.error;
  if (!error || typeof error !== 'object') return 'no error object';
  if (typeof error.status !== 'number' || (status !== undefined && error.status !== status))
    return `error.status ${JSON.stringify(error.status)} for HTTP ${status}`;
  if (typeof error.code !== 'string' || error.code === '') return 'error.code is not a string';
  if (typeof error.message !== 'string' || error.message === '') return 'error.message is not a string';
  return null;
}

import { BIDI, CONTROL, EXTRA_FIELDS, HOSTILE_JSON, HOSTILE_STRINGS, nested, RAW_NUMBER_TOKENS, TEN_KB } from './hostile-values.ts';

/** A request body as sent: the text (or nothing) and its content type (or none). */
export interface BodyVariant {
  label: string;
  text: string | null;
  type: string | null;
}

/** A deterministic pick of at most `n` items (Fisher–Yates on a copy). */
export function sample<T>(items: T[], n: number, random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

const JSON_TYPE = 'application/json';

/** Bodies that are wrong as a whole: not JSON, not an object, the wrong content type, too big, too deep. */
export function structuralBodies(example: unknown): BodyVariant[] {
  const valid = JSON.stringify(example ?? {});
  return [
    { label: 'no body', text: null, type: null },
    { label: 'no body, json type', text: null, type: JSON_TYPE },
    { label: 'empty', text: '', type: JSON_TYPE },
    { label: 'whitespace', text: ' \n\t ', type: JSON_TYPE },
    { label: 'truncated', text: valid.slice(0, Math.max(1, Math.floor(valid.length / 2))), type: JSON_TYPE },
    { label: 'open brace', text: '{', type: JSON_TYPE },
    { label: 'trailing comma', text: valid.replace(/}$/, ',}'), type: JSON_TYPE },
    { label: 'single quotes', text: valid.replaceAll('"', "'"), type: JSON_TYPE },
    { label: 'NUL byte', text: `${valid}\u0000`, type: JSON_TYPE },
    { label: 'two documents', text: `${valid}${valid}`, type: JSON_TYPE },
    { label: 'BOM', text: `\uFEFF${valid}`, type: JSON_TYPE },
    { label: 'null', text: 'null', type: JSON_TYPE },
    { label: 'number', text: '42', type: JSON_TYPE },
    { label: 'huge number', text: '1e999', type: JSON_TYPE },
    { label: 'string', text: '"hello"', type: JSON_TYPE },
    { label: 'true', text: 'true', type: JSON_TYPE },
    { label: 'empty array', text: '[]', type: JSON_TYPE },
    { label: 'array of the example', text: `[${valid}]`, type: JSON_TYPE },
    { label: 'empty object', text: '{}', type: JSON_TYPE },
    { label: 'proto pollution', text: '{"__proto__":{"role":"admin","admin":true},"constructor":{"prototype":{"x":1}}}', type: JSON_TYPE },
    { label: 'deep nesting 10000', text: `${'['.repeat(10_000)}${']'.repeat(10_000)}`, type: JSON_TYPE },
    { label: 'deep object nesting 3000', text: `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`, type: JSON_TYPE },
    { label: '1 MB string', text: JSON.stringify({ ...(isObject(example) ? example : {}), pad: 'y'.repeat(1024 * 1024) }), type: JSON_TYPE },
    { label: 'text/plain', text: valid, type: 'text/plain' },
    { label: 'form urlencoded', text: 'a=1&b=2', type: 'application/x-www-form-urlencoded' },
    { label: 'multipart', text: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n', type: 'multipart/form-data; boundary=x' },
    { label: 'json no type', text: valid, type: null },
    { label: 'json charset latin1', text: valid, type: 'application/json; charset=iso-8859-1' },
    { label: 'json type garbage', text: valid, type: 'application/json;;; charset="x' },
    { label: 'control chars', text: CONTROL, type: JSON_TYPE },
    { label: 'bidi', text: BIDI, type: JSON_TYPE },
    { label: '10 kB garbage', text: TEN_KB, type: JSON_TYPE },
  ];
}

type Path = (string | number)[];

/** Every leaf (and every object/array) position in a JSON value, up to a depth. */
function positions(value: unknown, path: Path = [], depth = 0): Path[] {
  const out: Path[] = path.length ? [path] : [];
  if (depth >= 3) return out;
  if (Array.isArray(value)) {
    for (const [i, v] of value.slice(0, 2).entries()) out.push(...positions(v, [...path, i], depth + 1));
  } else if (isObject(value)) for (const [k, v] of Object.entries(value)) out.push(...positions(v, [...path, k], depth + 1));
  return out;
}

const RAW = '\u0000raw:';

/** The example with the value at `path` replaced (or removed when `value` is `REMOVE`). */
function setAt(example: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(example) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === REMOVE) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

const REMOVE = Symbol('remove');

/** JSON text with raw tokens (numbers JSON.stringify cannot write) spliced in. */
function serialize(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0000raw:([^"]*)"/g, (_, token: string) => token);
}

/**
 * Field-level mutations of a valid example: each position replaced by a
 * hostile string, a value of the wrong type, an extreme number, or removed;
 * extra fields added at the top. A deterministic sample of `budget` of them.
 */
export function fieldMutations(example: Record<string, unknown>, budget: number, random: () => number): BodyVariant[] {
  const all: BodyVariant[] = [];
  const values: { label: string; value: unknown }[] = [
    ...HOSTILE_STRINGS.map((s) => ({ label: `string ${JSON.stringify(s.slice(0, 20))}${s.length > 20 ? `…(${s.length})` : ''}`, value: s })),
    ...HOSTILE_JSON.map((v) => ({ label: `value ${JSON.stringify(v).slice(0, 30)}`, value: v })),
    ...RAW_NUMBER_TOKENS.map((t) => ({ label: `raw ${t}`, value: `${RAW}${t}` })),
    { label: 'removed', value: REMOVE },
  ];
  for (const path of positions(example)) {
    for (const { label, value } of values) {
      all.push({ label: `${path.join('.')} = ${label}`, text: serialize(setAt(example, path, value)), type: JSON_TYPE });
    }
  }
  for (const field of EXTRA_FIELDS) {
    const value = sample([...HOSTILE_JSON, ...HOSTILE_STRINGS], 1, random)[0];
    all.push({ label: `extra ${field}`, text: serialize({ ...example, [field]: value }), type: JSON_TYPE });
  }
  return sample(all, budget, random);
}

/** Bodies for routes that take something other than JSON (NDJSON, raw bytes). */
export function rawMutations(example: { body: string; type: string }, random: () => number): BodyVariant[] {
  const lines = example.body.split('\n').filter(Boolean);
  const line = lines[lines.length - 1] ?? '{}';
  const lineVariants = fieldMutations(JSON.parse(line.startsWith('{') ? line : '{}') as Record<string, unknown>, 25, random).map((v) => ({
    label: `line ${v.label}`,
    text: `${lines.slice(0, -1).join('\n')}\n${v.text}\n`,
    type: example.type,
  }));
  return [
    { label: 'empty', text: '', type: example.type },
    { label: 'no body', text: null, type: example.type },
    { label: 'no type', text: example.body, type: null },
    { label: 'json type', text: example.body, type: JSON_TYPE },
    { label: 'control chars', text: CONTROL, type: example.type },
    { label: 'bidi', text: BIDI, type: example.type },
    { label: '10 kB line', text: TEN_KB, type: example.type },
    { label: 'blank lines', text: '\n\n\r\n\n', type: example.type },
    { label: 'hostile lines', text: `${HOSTILE_JSON.map((v) => JSON.stringify(v)).join('\n')}\n`, type: example.type },
    { label: 'deep line', text: `${JSON.stringify(nested(5000))}\n`, type: example.type },
    { label: 'malformed lines', text: '{\n{"type":\n"track"\n}\n', type: example.type },
    ...lineVariants,
  ];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A query string as sent (already encoded), with a label saying what is wrong with it. */
export interface QueryVariant {
  label: string;
  query: string;
}

/**
 * Query-level mutations: each known parameter (and the paging pair every list
 * takes) set to a hostile string, removed or repeated, plus malformed
 * percent-encoding. A deterministic sample of `budget` of them.
 */
export function queryMutations(example: Record<string, string>, budget: number, random: () => number): QueryVariant[] {
  const encode = (q: Record<string, string>) => new URLSearchParams(q).toString();
  const keys = [...new Set([...Object.keys(example), 'limit', 'offset'])];
  const all: QueryVariant[] = [];
  for (const key of keys) {
    for (const value of HOSTILE_STRINGS)
      all.push({
        label: `${key}=${JSON.stringify(value.slice(0, 20))}${value.length > 20 ? `…(${value.length})` : ''}`,
        query: encode({ ...example, [key]: value }),
      });
    const { [key]: _, ...rest } = example;
    all.push({ label: `${key} removed`, query: encode(rest) });
    all.push({ label: `${key} twice`, query: `${encode(example)}&${encodeURIComponent(key)}=1&${encodeURIComponent(key)}=2` });
    all.push({ label: `${key} bad percent`, query: `${encode(rest)}&${encodeURIComponent(key)}=%ZZ%` });
  }
  const raw = ['%', '%zz', 'a=%00', '&&&', '=', '==', `${'k'.repeat(2000)}=${'v'.repeat(2000)}`, `${encode(example)}&__proto__=x&constructor=y`];
  for (const query of raw) all.push({ label: `raw ${JSON.stringify(query.slice(0, 30))}`, query });
  return sample(all, budget, random);
}

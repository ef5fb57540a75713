/**
 * The hostile inputs of the fuzz walk. None of them may contain text the stack
 * trace check looks for (file paths, `.ts:12`, error class names), since error
 * messages may rightly echo what was sent.
 */

export const TEN_KB = 'x'.repeat(10 * 1024);
export const CONTROL = 'a\u0000b\u0001c\u0007\b\t\n\r\u001b[31m\u007f\u0085z';
export const BIDI = 'abc\u202Egnp.exe\u202C \u2066\u2067\u2068\u2069\u200F\u200E\uFEFF';
export const UNICODE = 'ünïcødé 😀 𝄞 ﷽ \u0301\u0301';
export const LONE_SURROGATE = 'half \uD800 of a pair \uDFFF';

/** Strings for any string field, query value or path segment. */
export const HOSTILE_STRINGS: string[] = [
  '',
  ' ',
  TEN_KB,
  CONTROL,
  BIDI,
  UNICODE,
  LONE_SURROGATE,
  '../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  "' OR '1'='1' --",
  '"; DROP TABLE users; --',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'null',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '0x1F',
  '9'.repeat(400),
  'encore:track:',
  'encore:playlist:../x',
  'trk99_AAAAAAAAAAAAAAAA',
  'usr0_',
  'pl-1_x',
  '*',
  '?#&=',
  '%_\\',
  'NEAR(a b, 2) AND title:x OR "unterminated',
  'a* OR ^b -c (',
  Array.from({ length: 200 }, (_, i) => `trk${i % 4}_${String(i).padStart(16, 'A')}`).join(','),
];

/** JSON values that are the wrong type for most fields, or extreme for the right one. */
export const HOSTILE_JSON: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  -0.5,
  1.5,
  2 ** 53 + 2,
  1e308,
  -1e308,
  Number.MIN_VALUE,
  [],
  {},
  [[]],
  { '': null },
  ['a', 1, null],
  Array.from({ length: 2000 }, (_, i) => `id${i}`),
  nested(500),
];

/** Number tokens that JSON.stringify cannot produce but JSON.parse accepts (or that are invalid JSON). */
export const RAW_NUMBER_TOKENS = ['1e999', '-1e999', '-0', '123456789012345678901234567890', 'NaN', 'Infinity', '01', '.5', '0xFF'];

export const EXTRA_FIELDS = ['__proto__', 'constructor', 'prototype', 'role', 'id', 'user_id', 'owner', 'snapshot_id', 'is_admin'];

/** Path segments that replace an `:id`-like parameter besides the real and the unknown ids. */
export const MALFORMED_IDS: string[] = [
  '..',
  '..%2F..%2Fsecret',
  '%2e%2e%2f%2e%2e',
  '%00',
  '%0A%0DSet-Cookie:%20x=1',
  'x'.repeat(5000),
  encodeURIComponent(UNICODE),
  encodeURIComponent(BIDI),
  encodeURIComponent(CONTROL),
  '%ZZ',
  '%',
  '-1',
  '0',
  '1e309',
  'constructor',
  '__proto__',
  'toString',
  'null',
  '%20',
  encodeURIComponent("' OR 1=1 --"),
  'trk0_',
  'trk99_AAAAAAAAAAAAAAAA',
  'usr1_AAAAAAAAAAAAAAAA',
  'pl9999999999999999999_A',
  'encore:track:x',
];

/** A deeply nested JSON array. */
export function nested(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

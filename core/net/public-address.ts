/**
 * Whether a URL may be fetched on a client's behalf (podcast feeds and their
 * enclosures): http(s) only, and unless private addresses are allowed (development),
 * never a loopback, private, link-local, unspecified or otherwise non-public host.
 * Only the URL is judged: a Worker cannot resolve DNS itself, so a public name that
 * resolves to a private address is not caught here (Cloudflare's own egress does not
 * reach private networks in production). Returns why the URL is refused, or null.
 */
export function fetchRefusal(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `uses ${url.protocol} (only http and https are fetched)`;
  if (url.username || url.password) return 'carries credentials';
  if (allowPrivate) return null;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.endsWith('.local') ||
    host.endsWith('.internal') ||
    (!host.includes('.') && !host.startsWith('['))
  ) {
    return `names a local host (${host})`;
  }
  if (host.startsWith('[')) return isPublicIpv6(host.slice(1, -1)) ? null : `is a non-public address (${host})`;
  // The URL parser has already turned decimal, octal and hex forms (http://2130706433/) into dotted quads.
  const v4 = parseIpv4(host);
  if (v4) return isPublicIpv4(v4) ? null : `is a non-public address (${host})`;
  return null;
}

function parseIpv4(host: string): number[] | null {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

export function isPublicIpv4(octets: number[]): boolean {
  const [a = 0, b = 0, c = 0] = octets;
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false; // this network, private, loopback, multicast and reserved
  if (a === 100 && b >= 64 && b <= 127) return false; // carrier-grade NAT
  if (a === 169 && b === 254) return false; // link-local (cloud metadata)
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return false; // IETF protocol assignments, TEST-NET-1
  if (a === 198 && (b === 18 || b === 19)) return false; // benchmarking
  if (a === 198 && b === 51 && c === 100) return false; // TEST-NET-2
  if (a === 203 && b === 0 && c === 113) return false; // TEST-NET-3
  return true;
}

/** The eight 16-bit groups of an IPv6 literal (with `::` and a trailing dotted quad), or null. */
function parseIpv6(text: string): number[] | null {
  let head = text;
  const tail: number[] = [];
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(head);
  if (quad) {
    const v4 = parseIpv4(quad[1]!);
    if (!v4) return null;
    tail.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
    head = head.slice(0, -quad[1]!.length);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === '' ? [] : s.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  const fill = 8 - left.length - right.length - tail.length;
  if (fill < 0 || (halves.length === 1 && fill !== 0)) return null;
  const all = [...left, ...Array<number>(halves.length === 2 ? fill : 0).fill(0), ...right, ...tail];
  return all.length === 8 && all.every((g) => Number.isInteger(g)) ? all : null;
}

export function isPublicIpv6(text: string): boolean {
  const g = parseIpv6(text.toLowerCase());
  if (!g) return false;
  const [g0, g1, g2, g3, g4, g5, g6, g7] = g as [number, number, number, number, number, number, number, number];
  const v4Tail = [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff];
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0) {
    // IPv4-mapped (::ffff:a.b.c.d) is judged as its IPv4 address; ::, ::1 and the deprecated IPv4-compatible forms are refused.
    return g5 === 0xffff && isPublicIpv4(v4Tail);
  }
  if (g0 === 0x64 && g1 === 0xff9b) return isPublicIpv4(v4Tail); // NAT64
  if (g0 === 0x2002) return isPublicIpv4([g1 >> 8, g1 & 0xff, g2 >> 8, g2 & 0xff]); // 6to4
  if ((g0 & 0xfe00) === 0xfc00) return false; // unique local
  if ((g0 & 0xffc0) === 0xfe80 || (g0 & 0xffc0) === 0xfec0) return false; // link-local, site-local
  if ((g0 & 0xff00) === 0xff00) return false; // multicast
  if (g0 === 0x2001 && g1 === 0x0db8) return false; // documentation
  return true;
}

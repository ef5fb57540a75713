/** The country the edge located the request in (`cf.country`, else `CF-IPCountry`); null when unknown or Tor. */
export function requestCountry(request: Request): string | null {
  const cf = (request as { cf?: { country?: unknown } }).cf;
  const country = String(cf?.country ?? request.headers.get('CF-IPCountry') ?? '').toUpperCase();
  return /^[A-Z]{2}$/.test(country) && country !== 'XX' && country !== 'T1' ? country : null;
}

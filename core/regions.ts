/**
 * Data regions: where an account's data (profile, library, playlists, history,
 * device session) is stored. Each region has its own user shards (D1 databases
 * created in the region's jurisdiction) and puts its user-scoped Durable Objects in
 * the same jurisdiction. Catalog and media are global.
 */
export const REGIONS = ['eu', 'us'] as const;
export type Region = (typeof REGIONS)[number];

/**
 * The region of user data made before regions: ids without a region (`usr_v0417_…`,
 * `usr1_…`) live in the databases of that time, USERS_0 and USERS_1, which are the
 * us region's, and their Durable Objects keep their addresses outside any
 * jurisdiction.
 */
export const PRE_REGION: Region = 'us';

/** The Durable Object (and D1 `--jurisdiction`) each region's data is created in. */
export const JURISDICTION_OF: Record<Region, 'eu' | 'us'> = { eu: 'eu', us: 'us' };

export const isRegion = (value: string): value is Region => (REGIONS as readonly string[]).includes(value);

/** EU member states and the rest of the EEA (Iceland, Liechtenstein, Norway), whose residents' data the GDPR covers. */
const EEA_COUNTRIES = new Set('AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO'.split(' '));

/** The region a new account gets when it names none: eu for an EU/EEA country, us otherwise (unknown included). */
export function regionForCountry(country: string | null): Region {
  return country && EEA_COUNTRIES.has(country.toUpperCase()) ? 'eu' : 'us';
}

/** Regions in the order to look an account up: the one the caller's country suggests first. */
export function regionsByLikelihood(country: string | null): Region[] {
  const first = regionForCountry(country);
  return [first, ...REGIONS.filter((r) => r !== first)];
}

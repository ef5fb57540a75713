/**
 * The listening tiers, in one place: which renditions each product may stream,
 * and how a rendition's bit rate is known. Shared by the api worker (which signs
 * a listener's stream URLs with their tier and caps the Subsonic `stream`) and
 * the stream worker (which filters masters and refuses renditions above the
 * tier a signature carries).
 */
import type { SignatureScope } from '../signing.ts';

export const PRODUCTS = ['free', 'premium'] as const;
export type Product = (typeof PRODUCTS)[number];

/** The highest nominal rendition bit rate a tier streams: premium has no ceiling (256 kb/s today, lossless when there is one). */
const CEILING_KBPS: Record<Product, number> = { free: 128, premium: Number.POSITIVE_INFINITY };

export const tierCeilingKbps = (product: Product): number => CEILING_KBPS[product];

/**
 * The signature scope (core/signing.ts) that carries a tier to the stream
 * worker. Only the limited tier is scoped: a premium URL is unscoped, as every
 * URL was before tiers, so it lists the whole ladder.
 */
export type TierScope = Extract<SignatureScope, 'free'>;
export const scopeForProduct = (product: Product): TierScope | null => (product === 'free' ? 'free' : null);

/** The ceiling a verified signature scope allows; any scope but the tier's (none, `preview`) leaves the ladder whole. */
export const ceilingForScope = (scope: SignatureScope | null): number => (scope === 'free' ? CEILING_KBPS.free : Number.POSITIVE_INFINITY);

/**
 * A rendition's nominal bit rate, from its name in the ladder (`64k`, `128k`,
 * `256k`: the directory of its playlist and segments, transcoder/src/ladder.ts).
 * The name, not the master's BANDWIDTH, decides: BANDWIDTH is the measured peak,
 * above the nominal rate (a 128k rendition's can exceed 128 000). Any other
 * name (a lossless rendition) ranks above every AAC rate.
 */
export function renditionKbps(name: string): number {
  const nominal = /^(\d{1,5})k$/.exec(name);
  return nominal ? Number(nominal[1]) : Number.POSITIVE_INFINITY;
}

export const renditionWithin = (name: string, ceilingKbps: number): boolean => renditionKbps(name) <= ceilingKbps;

/** Offline downloads (the web player's Downloads, seed 002) are for premium listeners only. */
export const mayDownloadOffline = (product: Product): boolean => product === 'premium';

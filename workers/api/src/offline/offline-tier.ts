import { Forbidden } from '#core/errors.ts';
import { mayDownloadOffline, type Product } from '#core/protocol/tiers.ts';

/** Offline downloads and their keys are premium's (core/protocol/tiers.ts): 403 premium_required for anyone else. */
export function requireOfflineTier(product: Product): void {
  if (!mayDownloadOffline(product)) throw new Forbidden('Offline downloads are part of Encore Premium.', 'premium_required');
}

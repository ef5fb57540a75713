import { mayDownloadOffline } from '#core/protocol/tiers.ts';
import { currentProduct } from '../session.ts';
import { h } from '../ui/dom.ts';

/** Whether the signed-in listener may download for offline play (premium; core/protocol/tiers.ts). */
export const offlineAllowed = (): boolean => mayDownloadOffline(currentProduct());

/** What a free listener sees where a download button would be. */
export const OFFLINE_PREMIUM_MESSAGE = 'Offline downloads come with Premium.';

export function premiumOnlyNote(text = OFFLINE_PREMIUM_MESSAGE): HTMLElement {
  return h('span', { className: 'premium-only muted', 'data-testid': 'download-premium-only' }, text);
}

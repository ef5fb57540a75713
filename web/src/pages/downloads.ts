import { listDownloads, onDownloadsChange, removalText, removedDownloads, removeDownload } from '../offline/downloads.ts';
import { expiresInText, licenseExpiry } from '../offline/license.ts';
import { OFFLINE_PREMIUM_MESSAGE, offlineAllowed } from '../offline/offline-allowed.ts';
import type { Player } from '../player/controller.ts';
import { formatTime, h } from '../ui/dom.ts';
import { icon } from '../ui/icons.ts';

/**
 * Downloaded tracks: each plays with the network off while its offline license
 * lasts, 30 days from its last play with a connection (each such play renews it).
 */
export function downloadsPage(player: Player) {
  return async (outlet: HTMLElement) => {
    const license = h('p', { className: 'license', 'data-testid': 'license' });
    const removals = h('ul', { className: 'removed-downloads', 'aria-live': 'polite', 'data-testid': 'removed-downloads' });
    const list = h('ol', { className: 'tracks' });
    async function render() {
      const tracks = listDownloads();
      const expiries = await Promise.all(tracks.map((t) => licenseExpiry(t.id)));
      license.textContent = tracks.length
        ? 'Downloads play offline for 30 days after their last play with a connection; each such play renews it.'
        : 'Nothing downloaded yet.';
      removals.replaceChildren(...removedDownloads().map((r) => h('li', {}, removalText(r))));
      list.replaceChildren(
        ...tracks.map((t, i) => {
          const expiresAt = expiries[i];
          return h(
            'li',
            { className: 'track-row', 'data-track-id': t.id },
            h(
              'button',
              { type: 'button', className: 'play-track', 'aria-label': `Play ${t.title}`, onclick: () => void player.playTracks(tracks, i) },
              icon('play'),
            ),
            h(
              'div',
              { className: 'track-meta' },
              h('span', { className: 'track-title' }, t.title),
              h('span', { className: 'track-artists' }, t.artists.map((a) => a.name).join(', ')),
            ),
            h('span', { className: 'time' }, formatTime(t.duration_ms)),
            h(
              'span',
              { className: 'license-expiry muted', 'data-testid': 'license-expiry' },
              expiresAt === null || expiresAt === undefined ? 'license ended' : expiresInText(expiresAt),
            ),
            h('span', { className: 'size' }, `${(t.bytes / 1048576).toFixed(1)} MB`),
            h('button', { type: 'button', 'aria-label': `Remove download of ${t.title}`, onclick: () => void removeDownload(t.id) }, 'Remove'),
          );
        }),
      );
    }
    // Tracks stored while premium stay listed; playing one asks the server, which refuses a free listener's key (and the copy goes).
    const tier = offlineAllowed() ? null : h('p', { className: 'premium-only', 'data-testid': 'downloads-premium-only' }, OFFLINE_PREMIUM_MESSAGE);
    outlet.append(...[h('h1', {}, 'Downloads'), tier, license, removals, list].filter((el) => el !== null));
    await render();
    return onDownloadsChange(() => void render());
  };
}

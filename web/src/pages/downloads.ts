import { listDownloads, onDownloadsChange, removeDownload } from '../offline/downloads.ts';
import { licenseValid, readLicense } from '../offline/license.ts';
import { OFFLINE_PREMIUM_MESSAGE, offlineAllowed } from '../offline/offline-allowed.ts';
import type { Player } from '../player/controller.ts';
import { formatTime, h } from '../ui/dom.ts';
import { icon } from '../ui/icons.ts';

/** Downloaded tracks: they play with the network off while the offline license is valid. */
export function downloadsPage(player: Player) {
  return async (outlet: HTMLElement) => {
    const license = h('p', { className: 'license', 'data-testid': 'license' });
    const list = h('ol', { className: 'tracks' });
    async function render() {
      const record = await readLicense();
      const valid = licenseValid(record);
      license.textContent = record
        ? valid
          ? `Offline playback allowed until ${new Date(record.expires_at).toLocaleDateString()} (renewed each time Encore is online).`
          : 'Your offline license expired: go online to renew it.'
        : 'Nothing downloaded yet.';
      const tracks = listDownloads();
      list.replaceChildren(
        ...tracks.map((t, i) =>
          h(
            'li',
            { className: 'track-row', 'data-track-id': t.id },
            h(
              'button',
              { type: 'button', className: 'play-track', 'aria-label': `Play ${t.title}`, disabled: !valid, onclick: () => void player.playTracks(tracks, i) },
              icon('play'),
            ),
            h(
              'div',
              { className: 'track-meta' },
              h('span', { className: 'track-title' }, t.title),
              h('span', { className: 'track-artists' }, t.artists.map((a) => a.name).join(', ')),
            ),
            h('span', { className: 'time' }, formatTime(t.duration_ms)),
            h('span', { className: 'size' }, `${(t.bytes / 1048576).toFixed(1)} MB`),
            h('button', { type: 'button', 'aria-label': `Remove download of ${t.title}`, onclick: () => void removeDownload(t.id) }, 'Remove'),
          ),
        ),
      );
    }
    // Tracks stored while premium stay listed (and play while the license lasts); new ones need premium.
    const tier = offlineAllowed() ? null : h('p', { className: 'premium-only', 'data-testid': 'downloads-premium-only' }, OFFLINE_PREMIUM_MESSAGE);
    outlet.append(...[h('h1', {}, 'Downloads'), tier, license, list].filter((el) => el !== null));
    await render();
    return onDownloadsChange(() => void render());
  };
}

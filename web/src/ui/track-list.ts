import { uri } from '#core/protocol/uris.ts';
import { errorMessage } from '../api.ts';
import { downloadTrack, isDownloaded } from '../offline/downloads.ts';
import { offlineAllowed, premiumOnlyNote } from '../offline/offline-allowed.ts';
import type { Player } from '../player/controller.ts';
import type { Track } from '../types.ts';
import { addToPlaylistDialog } from './add-to-playlist.ts';
import { cover } from './artwork.ts';
import { announce, formatTime, h } from './dom.ts';
import { onLongPress } from './gestures.ts';
import { icon } from './icons.ts';
import { radioButton } from './radio-button.ts';
import { openRowMenu, rowMenu } from './row-menu.ts';
import { saveButton, savedStates } from './save-button.ts';
import { shareButton } from './share-button.ts';

export interface TrackListOptions {
  /** Played as a context (album/playlist) so the session can continue it. */
  contextUri?: string;
  /** Extra controls at the end of a row (playlist editing). */
  extra?: (track: Track, index: number) => HTMLElement[];
  rowAttrs?: (track: Track, index: number) => Record<string, string>;
  /** Each row shows its album's cover (default); an album page, whose cover is at its head, leaves them out. */
  covers?: boolean;
}

/** The width of a row's cover (the 64 px image, sharp at 1.5× too). */
const ROW_COVER_PX = 40;

/**
 * Rows of tracks with play, like, queue, add-to-playlist, download, radio and share actions
 * (on a phone all but play fold into each row's menu; a long press opens it).
 */
export function trackList(player: Player, tracks: Track[], options: TrackListOptions = {}): HTMLOListElement {
  const liked = savedStates(tracks.map((t) => uri('track', t.id))).catch(() => tracks.map(() => false));
  const list = h(
    'ol',
    { className: 'tracks' },
    tracks.map((track, i) => {
      const label = `${track.title} by ${track.artists.map((a) => a.name).join(', ')}`;
      const download = offlineAllowed() ? downloadButton(track) : premiumOnlyNote('Download with Premium');
      return h(
        'li',
        { className: 'track-row', 'data-track-id': track.id, ...(options.rowAttrs?.(track, i) ?? {}) },
        h(
          'button',
          { type: 'button', className: 'play-track', 'aria-label': `Play ${label}`, onclick: () => void player.playTracks(tracks, i, options.contextUri) },
          icon('play'),
        ),
        options.covers === false ? null : cover(track.album?.images, ROW_COVER_PX),
        h(
          'div',
          { className: 'track-meta' },
          h('span', { className: 'track-title' }, track.unavailable ? 'Unavailable track' : track.title),
          h(
            'span',
            { className: 'track-artists' },
            track.artists.flatMap((a, j) => [j ? ', ' : '', h('a', { href: `/artist/${encodeURIComponent(a.id)}` }, a.name)]),
            track.album ? [' · ', h('a', { href: `/album/${encodeURIComponent(track.album.id)}` }, track.album.name ?? 'Album')] : null,
          ),
        ),
        h('span', { className: 'time' }, formatTime(track.duration_ms)),
        rowMenu(track.title, [
          track.unavailable
            ? null
            : saveButton(
                uri('track', track.id),
                {
                  save: 'Like',
                  saved: 'Liked',
                  hiddenName: track.title,
                  savedMessage: `${track.title} is in your liked songs.`,
                  removedMessage: `${track.title} left your liked songs.`,
                },
                { initial: liked.then((states) => states[i] === true) },
              ),
          h(
            'button',
            {
              type: 'button',
              'aria-label': `Add ${track.title} to queue`,
              onclick: () => void player.enqueue(track).then(() => announce(`${track.title} added to the queue.`)),
            },
            '+ Queue',
          ),
          h(
            'button',
            {
              type: 'button',
              'aria-label': `Add ${track.title} to a playlist`,
              'data-testid': 'add-to-playlist',
              onclick: () => void addToPlaylistDialog(track),
            },
            '+ Playlist',
          ),
          download,
          track.unavailable ? null : radioButton(player, { kind: 'track', id: track.id, name: track.title }),
          track.unavailable ? null : shareButton(uri('track', track.id), track.title),
          ...(options.extra?.(track, i) ?? []),
        ]),
      );
    }),
  );
  onLongPress(list, '.track-row', openRowMenu);
  return list;
}

/** Stores the track for offline play; the label follows its progress. */
function downloadButton(track: Track): HTMLButtonElement {
  const download = h(
    'button',
    { type: 'button', 'aria-label': `Download ${track.title}`, 'data-testid': 'download', disabled: isDownloaded(track.id) },
    isDownloaded(track.id) ? 'Downloaded' : 'Download',
  );
  download.addEventListener('click', async () => {
    download.disabled = true;
    try {
      await downloadTrack(track.id, (done, total) => (download.textContent = `${Math.round((done / total) * 100)}%`));
      download.textContent = 'Downloaded';
      announce(`${track.title} is available offline.`);
    } catch (err) {
      download.disabled = false;
      download.textContent = 'Download';
      announce(errorMessage(err));
      alert(errorMessage(err));
    }
  });
  return download;
}

import { api, errorMessage } from '../api.ts';
import { addTracks } from '../playlists/edits.ts';
import type { Page, PlaylistSummary, Track } from '../types.ts';
import { announce, h } from './dom.ts';

/** A modal listing the caller's playlists; picking one adds the track at the end. */
export async function addToPlaylistDialog(track: Track): Promise<void> {
  const dialog = h('dialog', { className: 'dialog', 'aria-labelledby': 'add-title' });
  const status = h('p', { role: 'status' }, 'Loading your playlists…');
  dialog.append(h('h2', { id: 'add-title' }, `Add “${track.title}” to…`), status);
  document.body.append(dialog);
  dialog.addEventListener('close', () => dialog.remove());
  dialog.showModal();
  try {
    const mine = await api<Page<PlaylistSummary>>('GET', '/api/v1/me/playlists?limit=50');
    status.textContent = mine.items.length ? '' : 'You have no playlists yet. Create one on the Playlists page.';
    dialog.append(
      h(
        'ul',
        { className: 'picker' },
        mine.items.map((p) =>
          h(
            'li',
            {},
            h(
              'button',
              {
                type: 'button',
                onclick: async () => {
                  try {
                    await addTracks(p.id, [track.id]);
                    announce(`Added to ${p.name}.`);
                    dialog.close();
                  } catch (err) {
                    status.textContent = errorMessage(err);
                  }
                },
              },
              p.name,
            ),
          ),
        ),
      ),
    );
  } catch (err) {
    status.textContent = errorMessage(err);
  }
  dialog.append(h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel'));
}

import { api, errorMessage } from '../api.ts';
import type { Page, PlaylistSummary } from '../types.ts';
import { h } from './dom.ts';
import { toast } from './toast.ts';

/**
 * "Save to library" for a playlist someone else owns: following it
 * (`PUT`/`DELETE /playlists/{id}/followers`) puts it among the caller's
 * playlists. Its first state is whether it is among them already.
 */
export function playlistFollowButton(playlist: { id: string; name: string }): HTMLButtonElement {
  let saved = false;
  const button = h('button', { type: 'button', className: 'save-button', disabled: true, 'data-testid': 'save-playlist' }, 'Save to library');
  const show = () => {
    button.textContent = saved ? 'Saved' : 'Save to library';
    button.classList.toggle('on', saved);
  };
  button.addEventListener('click', async () => {
    if (button.getAttribute('aria-busy') === 'true') return;
    button.setAttribute('aria-busy', 'true');
    try {
      await api(saved ? 'DELETE' : 'PUT', `/api/v1/playlists/${encodeURIComponent(playlist.id)}/followers`);
      saved = !saved;
      show();
      toast(saved ? `${playlist.name} is in your library` : `${playlist.name} left your library`);
    } catch (err) {
      toast('Could not change your library', errorMessage(err));
    } finally {
      button.removeAttribute('aria-busy');
    }
  });
  void api<Page<PlaylistSummary>>('GET', '/api/v1/me/playlists?limit=50')
    .then((mine) => {
      saved = mine.items.some((p) => p.id === playlist.id);
      show();
    })
    .catch(() => {})
    .finally(() => (button.disabled = false));
  return button;
}

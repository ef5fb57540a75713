import { api, errorMessage } from '../api.ts';
import { navigate } from '../router.ts';
import { currentUser } from '../session.ts';
import type { Page, PlaylistSummary } from '../types.ts';
import { cardGrid } from '../ui/cards.ts';
import { h } from '../ui/dom.ts';

/** The caller's playlists, and a form to create one. */
export async function playlistsPage(outlet: HTMLElement): Promise<void> {
  const name = h('input', { type: 'text', id: 'playlist-name', required: true, maxLength: 100, placeholder: 'My playlist' });
  const collaborative = h('input', { type: 'checkbox', id: 'playlist-collab' });
  const error = h('p', { role: 'alert', className: 'form-error' });
  const form = h(
    'form',
    { className: 'inline-form', 'aria-label': 'Create a playlist' },
    h('label', { htmlFor: 'playlist-name' }, 'New playlist'),
    name,
    h('label', { className: 'check' }, collaborative, ' Collaborative'),
    h('button', { type: 'submit', className: 'primary-button' }, 'Create'),
    error,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const created = await api<{ id: string }>('POST', '/api/v1/me/playlists', {
        name: name.value,
        collaborative: collaborative.checked,
        public: !collaborative.checked,
      });
      navigate(`/playlist/${encodeURIComponent(created.id)}`);
    } catch (err) {
      error.textContent = errorMessage(err);
    }
  });
  const list = h('div', {});
  const me = h(
    'p',
    { className: 'status' },
    'Your user id (share it to be added to a collaborative playlist): ',
    h('code', { 'data-testid': 'my-user-id' }, currentUser()?.id ?? ''),
  );
  outlet.append(h('h1', {}, 'Playlists'), form, me, list);
  try {
    const mine = await api<Page<PlaylistSummary>>('GET', '/api/v1/me/playlists?limit=50');
    list.append(mine.items.length ? cardGrid(mine.items, 'Your playlists') : h('p', {}, 'No playlists yet.'));
  } catch (err) {
    list.append(h('p', { role: 'alert' }, errorMessage(err)));
  }
}

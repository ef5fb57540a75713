import { api, errorMessage } from '../api.ts';
import type { Album, Image, Page } from '../types.ts';
import { cover } from '../ui/artwork.ts';
import { announce, h } from '../ui/dom.ts';

export const COVER_TYPES = 'image/jpeg,image/png,image/webp';
/** The API's limit on an image body. */
const MAX_COVER_BYTES = 10 * 1024 * 1024;
const RELEASE_COVER_PX = 64;

/**
 * Sends a cover for an album and resolves to the album's new `images`: the 202
 * lists them when the sizes were made at once, else the album is polled until
 * they fill in (null if that takes too long, or the page was left).
 */
export async function setAlbumCover(albumId: string, file: File, stopped: () => boolean): Promise<Image[] | null> {
  if (file.size > MAX_COVER_BYTES) throw new Error('A cover can be at most 10 MB.');
  const path = `/api/v1/albums/${encodeURIComponent(albumId)}`;
  const accepted = await api<{ images?: Image[] }>('PUT', `${path}/image`, undefined, { raw: file, contentType: file.type || 'application/octet-stream' });
  if (accepted?.images?.length) return accepted.images;
  for (let delay = 500; !stopped() && delay < 20_000; delay = Math.round(delay * 1.5)) {
    await new Promise((r) => setTimeout(r, delay));
    const album = await api<Album>('GET', path);
    if (album.images?.length) return album.images;
  }
  return null;
}

/** The signed-in artist's albums, each with its cover status and a way to set (or replace) the cover. */
export function releasesPanel(): { element: HTMLElement; reload: () => Promise<void>; stop: () => void } {
  const list = h('ul', { className: 'releases', 'aria-label': 'Your releases' });
  const element = h('section', { 'aria-labelledby': 'releases-heading' }, h('h2', { id: 'releases-heading' }, 'Your releases'), list);
  let stopped = false;

  function row(album: Album): HTMLElement {
    const status = h('span', { className: 'muted', 'data-testid': 'cover-status' }, album.images?.length ? 'Cover set' : 'No cover yet');
    const inputId = `cover-${album.id}`;
    const input = h('input', { type: 'file', id: inputId, accept: COVER_TYPES, className: 'sr-only' });
    const art = h('span', {}, cover(album.images, RELEASE_COVER_PX));
    input.addEventListener('change', async () => {
      const file = input.files?.[0];
      if (!file) return;
      status.textContent = 'Sending cover…';
      try {
        const images = await setAlbumCover(album.id, file, () => stopped);
        if (images) art.replaceChildren(cover(images, RELEASE_COVER_PX));
        const done = images !== null;
        status.textContent = done ? 'Cover set' : 'Cover still processing; reload to check.';
        announce(`${album.name}: ${status.textContent}`);
      } catch (err) {
        status.textContent = errorMessage(err);
        announce(`${album.name}: ${status.textContent}`);
      } finally {
        input.value = '';
      }
    });
    return h(
      'li',
      { className: 'release-row', 'data-album-id': album.id },
      art,
      h('div', { className: 'track-meta' }, h('a', { href: `/album/${encodeURIComponent(album.id)}`, className: 'track-title' }, album.name), status),
      input,
      h(
        'label',
        { htmlFor: inputId, className: 'file-button' },
        album.images?.length ? 'Replace cover' : 'Add cover',
        h('span', { className: 'sr-only' }, ` for ${album.name}`),
      ),
    );
  }

  async function reload() {
    try {
      const me = await api<{ artist_id: string | null }>('GET', '/api/v1/me');
      if (!me.artist_id) {
        list.replaceChildren(h('li', { className: 'muted' }, 'Your first upload creates your artist page.'));
        return;
      }
      const albums = await api<Page<Album>>('GET', `/api/v1/artists/${encodeURIComponent(me.artist_id)}/albums?limit=50`);
      list.replaceChildren(...(albums.items.length ? albums.items.map(row) : [h('li', { className: 'muted' }, 'No albums yet: name one when you upload.')]));
    } catch (err) {
      list.replaceChildren(h('li', { role: 'alert' }, errorMessage(err)));
    }
  }

  return { element, reload, stop: () => (stopped = true) };
}

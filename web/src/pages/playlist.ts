import { uri } from '#core/protocol/uris.ts';
import type { LiveItem } from '#core/protocol/playlist-live.ts';
import { api, errorMessage } from '../api.ts';
import { downloadTrack } from '../offline/downloads.ts';
import { offlineAllowed, premiumOnlyNote } from '../offline/offline-allowed.ts';
import type { Player } from '../player/controller.ts';
import { currentUser } from '../session.ts';
import { moveItem, removeItems } from '../playlists/edits.ts';
import { LivePlaylist } from '../playlists/live.ts';
import type { Playlist, Track } from '../types.ts';
import { cover, HERO_COVER_PX } from '../ui/artwork.ts';
import { followPersonButton } from '../ui/follow-person-button.ts';
import { shareButton } from '../ui/share-button.ts';
import { announce, h } from '../ui/dom.ts';
import { trackList } from '../ui/track-list.ts';
import { madeForYouPlaylist } from './made-for-you-playlist.ts';

/**
 * One playlist, live: the list comes from the playlist's WebSocket and changes
 * from other editors appear as they happen. Reorder by dragging a row, or with
 * the move up/down buttons from the keyboard.
 */
export function playlistPage(player: Player) {
  return async (outlet: HTMLElement, { id }: Record<string, string>) => {
    const playlistId = id!;
    const tracks = new Map<string, Track>();
    const heading = h('h1', {}, 'Playlist');
    const meta = h('p', {});
    const liveStatus = h('span', { className: 'live-status', 'data-testid': 'live-status' });
    const notice = h('p', { role: 'status', className: 'notice' });
    const listHost = h('div', {});
    const onConflict = (m: string) => (notice.textContent = m);

    let initial: Playlist;
    try {
      initial = await api<Playlist>('GET', `/api/v1/playlists/${encodeURIComponent(playlistId)}?limit=50`);
    } catch (err) {
      outlet.append(h('p', { role: 'alert', className: 'form-error' }, errorMessage(err)));
      return;
    }
    if (initial.algorithmic) return madeForYouPlaylist(player, outlet, initial);
    for (const item of initial.items.items) tracks.set(item.track.id, item.track);
    heading.textContent = initial.name;
    meta.textContent = `${initial.owner?.display_name ?? ''}${initial.collaborative ? ' · collaborative' : ''}`;
    const owner = initial.owner;
    const ownedByOther = owner !== undefined && owner.id !== currentUser()?.id;

    const live = new LivePlaylist(playlistId);
    const contextUri = uri('playlist', playlistId);
    const visibleTracks = (items: LiveItem[]) =>
      items.map((i) => tracks.get(i.track_id) ?? { id: i.track_id, title: 'Loading…', duration_ms: null, artists: [] });

    async function ensureTracks(items: LiveItem[]) {
      const missing = [...new Set(items.map((i) => i.track_id).filter((t) => !tracks.has(t)))];
      await Promise.all(
        missing.map(async (t) => {
          try {
            tracks.set(t, await api<Track>('GET', `/api/v1/tracks/${encodeURIComponent(t)}`));
          } catch {
            tracks.set(t, { id: t, title: 'Unavailable track', duration_ms: null, artists: [], unavailable: true });
          }
        }),
      );
    }

    let dragging: string | null = null;
    function render() {
      const items = live.items;
      if (live.deleted) {
        listHost.replaceChildren(h('p', { role: 'alert' }, 'This playlist was deleted.'));
        return;
      }
      if (live.details) heading.textContent = live.details.name;
      const list = trackList(player, visibleTracks(items), {
        contextUri,
        rowAttrs: (_t, i) => ({ draggable: 'true', 'data-item-id': items[i]!.item_id }),
        extra: (t, i) => [
          h('button', { type: 'button', 'aria-label': `Move ${t.title} up`, disabled: i === 0, onclick: () => void move(items[i]!.item_id, i - 1) }, '↑'),
          h(
            'button',
            { type: 'button', 'aria-label': `Move ${t.title} down`, disabled: i === items.length - 1, onclick: () => void move(items[i]!.item_id, i + 1) },
            '↓',
          ),
          h('button', { type: 'button', 'aria-label': `Remove ${t.title} from playlist`, onclick: () => void remove(items[i]!.item_id, t.title) }, 'Remove'),
        ],
      });
      list.setAttribute('aria-label', 'Playlist tracks');
      list.addEventListener('dragstart', (e) => {
        const row = (e.target as HTMLElement).closest<HTMLElement>('[data-item-id]');
        dragging = row?.dataset.itemId ?? null;
        e.dataTransfer?.setData('text/plain', dragging ?? '');
        row?.classList.add('dragging');
      });
      list.addEventListener('dragover', (e) => e.preventDefault());
      list.addEventListener('drop', (e) => {
        e.preventDefault();
        const target = (e.target as HTMLElement).closest<HTMLElement>('[data-item-id]');
        if (!dragging || !target) return;
        const to = items.findIndex((i) => i.item_id === target.dataset.itemId);
        void move(dragging, to);
        dragging = null;
      });
      listHost.replaceChildren(items.length ? list : h('p', {}, 'This playlist is empty. Add tracks from search.'));
    }

    /** Moves an item so it ends up at index `to` of the list as the user sees it. */
    async function move(itemId: string, to: number) {
      const rest = live.items.filter((i) => i.item_id !== itemId);
      const from = live.items.findIndex((i) => i.item_id === itemId);
      if (from === to || to < 0 || to > rest.length) return;
      const after = to === 0 ? null : rest[to - 1]!.item_id;
      try {
        await moveItem(playlistId, itemId, after, { snapshot: live.snapshotId ?? undefined, onConflict });
      } catch (err) {
        notice.textContent = `Could not move the track: ${errorMessage(err)}`;
      }
    }

    async function remove(itemId: string, title: string) {
      try {
        await removeItems(playlistId, [itemId], { snapshot: live.snapshotId ?? undefined, onConflict });
        announce(`Removed ${title}.`);
      } catch (err) {
        notice.textContent = `Could not remove the track: ${errorMessage(err)}`;
      }
    }

    live.addEventListener('change', async () => {
      await ensureTracks(live.items);
      render();
    });
    live.addEventListener('status', () => (liveStatus.textContent = live.connected ? '● Live' : '○ Reconnecting…'));
    live.items = initial.items.items.map((i) => ({ item_id: i.item_id, track_id: i.track.id, added_by: i.added_by, added_at: i.added_at }));
    live.snapshotId = null; // the socket's first message is the authoritative state
    live.connect();
    render();

    const downloadAll = h('button', { type: 'button' }, 'Download playlist');
    downloadAll.addEventListener('click', async () => {
      downloadAll.disabled = true;
      const ids = [...new Set(live.items.map((i) => i.track_id))];
      try {
        for (const [n, t] of ids.entries()) {
          downloadAll.textContent = `Downloading ${n + 1}/${ids.length}…`;
          await downloadTrack(t);
        }
        downloadAll.textContent = 'Downloaded';
        render();
      } catch (err) {
        downloadAll.textContent = 'Download playlist';
        downloadAll.disabled = false;
        notice.textContent = errorMessage(err);
      }
    });
    // The owner invites collaborators by user id (each person's id is on their Playlists page).
    const invite = h('input', { type: 'text', id: 'collaborator-id', required: true, maxLength: 100, autocomplete: 'off' });
    const inviteForm = h(
      'form',
      { className: 'inline-form', 'aria-label': 'Add a collaborator' },
      h('label', { htmlFor: 'collaborator-id' }, 'Collaborator’s user id'),
      invite,
      h('button', { type: 'submit' }, 'Add collaborator'),
    );
    inviteForm.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await api('POST', `/api/v1/playlists/${encodeURIComponent(playlistId)}/collaborators`, { user_id: invite.value.trim() });
        notice.textContent = 'Collaborator added: they can now edit this playlist with you.';
        invite.value = '';
      } catch (err) {
        notice.textContent = errorMessage(err);
      }
    });
    if (initial.owner?.id !== currentUser()?.id) inviteForm.hidden = true;

    outlet.append(
      h(
        'header',
        { className: 'hero' },
        cover(initial.images, HERO_COVER_PX, `Cover of ${initial.name}`),
        h(
          'div',
          { className: 'hero-text' },
          h('p', { className: 'kind' }, 'Playlist ', liveStatus),
          heading,
          meta,
          h(
            'div',
            { className: 'actions' },
            h(
              'button',
              { type: 'button', className: 'primary-button', onclick: () => void player.playTracks(visibleTracks(live.items), 0, contextUri) },
              'Play',
            ),
            offlineAllowed() ? downloadAll : premiumOnlyNote(),
            // Only a public playlist can be shared (the link's page needs no login).
            initial.public ? shareButton(contextUri, initial.name) : null,
            ownedByOther ? followPersonButton(owner) : null,
          ),
        ),
      ),
      inviteForm,
      notice,
      listHost,
    );
    return () => live.close();
  };
}

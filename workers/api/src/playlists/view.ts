import type { PlaylistView } from '#do/playlist-room.ts';
import { page, type PagingQuery } from '../http/paging.ts';
import { loadTrackSummaries, unavailableTrack } from '#core/catalog/views.ts';
import { uri } from '#core/protocol/uris.ts';

/** One page of a playlist's items, with their tracks read from the catalog; links point at `/items`. */
export async function itemsPage(env: Env, requestUrl: string, view: PlaylistView, paging: PagingQuery) {
  const tracks = await loadTrackSummaries(
    env,
    view.items.entries.map((e) => e.track_id),
  );
  const entries = view.items.entries.map((e) => ({
    item_id: e.item_id,
    track: tracks.get(e.track_id) ?? unavailableTrack(e.track_id),
    added_by: e.added_by,
    added_at: e.added_at,
  }));
  const url = new URL(requestUrl);
  url.pathname = `/api/v1/playlists/${view.id}/items`;
  return { ...page(url.toString(), entries, view.items.total, paging), snapshot_id: view.snapshot_id };
}

/** The API shape of a playlist (`GET /playlists/{id}` and the answers to details changes). */
export async function playlistBody(env: Env, requestUrl: string, view: PlaylistView, paging: PagingQuery) {
  const { items: _items, ...rest } = view;
  return { ...rest, uri: uri('playlist', view.id), items: await itemsPage(env, requestUrl, view, paging) };
}

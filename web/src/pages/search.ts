import { api, errorMessage } from '../api.ts';
import type { Player } from '../player/controller.ts';
import type { Album, Artist, EpisodeSummary, Page, PlaylistSummary, ShowSummary, Track } from '../types.ts';
import { type CardItem, cardGrid } from '../ui/cards.ts';
import { h } from '../ui/dom.ts';
import { trackList } from '../ui/track-list.ts';

interface SearchResult {
  tracks?: Page<Track>;
  artists?: Page<Artist>;
  albums?: Page<Album>;
  playlists?: Page<PlaylistSummary>;
  shows?: Page<ShowSummary>;
  episodes?: Page<EpisodeSummary>;
}

const DEBOUNCE_MS = 150;

/** Results as you type: debounced, and each new query aborts the one still in flight. */
export function searchPage(player: Player) {
  return (outlet: HTMLElement) => {
    const params = new URLSearchParams(location.search);
    const input = h('input', {
      type: 'search',
      id: 'search',
      placeholder: 'Artists, songs, albums, playlists, podcasts',
      autocomplete: 'off',
      value: params.get('q') ?? '',
      'aria-controls': 'results',
    });
    const status = h('p', { className: 'status', role: 'status', 'aria-live': 'polite' });
    const results = h('div', { id: 'results', className: 'results' });
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inflight: AbortController | null = null;

    async function run(q: string) {
      inflight?.abort();
      history.replaceState(null, '', q ? `/search?q=${encodeURIComponent(q)}` : '/search');
      if (!q.trim()) {
        results.replaceChildren();
        status.textContent = '';
        return;
      }
      const controller = new AbortController();
      inflight = controller;
      status.textContent = 'Searching…';
      try {
        const r = await api<SearchResult>(
          'GET',
          `/api/v1/search?q=${encodeURIComponent(q)}&type=track,artist,album,playlist,show,episode&limit=10`,
          undefined,
          {
            signal: controller.signal,
          },
        );
        if (controller.signal.aborted) return;
        render(r);
        const n = [r.tracks, r.artists, r.albums, r.playlists, r.shows, r.episodes].reduce((sum, p) => sum + (p?.total ?? 0), 0);
        status.textContent = n ? `${n} result${n === 1 ? '' : 's'}` : `Nothing found for “${q}”.`;
      } catch (err) {
        if (controller.signal.aborted || (err instanceof DOMException && err.name === 'AbortError')) return;
        status.textContent = errorMessage(err);
      }
    }

    function group(title: string, body: Node | null) {
      return body ? h('section', { className: 'result-group', 'aria-label': title }, h('h2', {}, title), body) : null;
    }

    function render(r: SearchResult) {
      const grid = (items: CardItem[] | undefined, label: string) => (items?.length ? cardGrid(items, label) : null);
      results.replaceChildren(
        ...[
          group('Tracks', r.tracks?.items.length ? trackList(player, r.tracks.items) : null),
          group('Artists', grid(r.artists?.items, 'Artists found')),
          group('Albums', grid(r.albums?.items, 'Albums found')),
          group('Playlists', grid(r.playlists?.items, 'Playlists found')),
          group('Podcasts', grid(r.shows?.items, 'Shows found')),
          group('Episodes', grid(r.episodes?.items, 'Episodes found')),
        ].filter((x): x is HTMLElement => x !== null),
      );
    }

    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => void run(input.value), DEBOUNCE_MS);
    });
    outlet.append(h('section', {}, h('h1', {}, 'Search'), h('label', { htmlFor: 'search', className: 'sr-only' }, 'Search'), input, status, results));
    input.focus();
    if (input.value) void run(input.value);
    return () => {
      clearTimeout(timer);
      inflight?.abort();
    };
  };
}

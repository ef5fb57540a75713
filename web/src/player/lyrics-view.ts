import { ApiError, api } from '../api.ts';
import { h } from '../ui/dom.ts';
import type { Player } from './controller.ts';
import './lyrics.css';

interface LyricLine {
  start_ms: number | null;
  text: string;
}
interface Lyrics {
  synced: boolean;
  lines: LyricLine[];
}

const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');

/** The line playing at `ms`: the last one started (lines are sorted); -1 before the first. */
export function activeLine(lines: LyricLine[], ms: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((lines[mid]!.start_ms ?? 0) <= ms) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * The Lyrics view of the player bar: a button and the panel it opens. Synced
 * lyrics follow the playing position (the audio element's time, or the Connect
 * session's when another device plays): the current line is marked
 * `aria-current` and scrolled to the middle of the panel (instantly when the
 * user prefers reduced motion). Each synced line is a button: click or Enter
 * seeks there. Lyrics load when the panel is open and the track changes.
 */
export function lyricsView(player: Player): { button: HTMLButtonElement; panel: HTMLElement } {
  const list = h('ol', { className: 'lyrics-lines', 'aria-label': 'Lyrics lines', 'data-testid': 'lyrics-lines' });
  const status = h('p', { className: 'muted', role: 'status' });
  const panel = h(
    'section',
    { className: 'popover lyrics-panel', id: 'lyrics-panel', hidden: true, 'aria-label': 'Lyrics' },
    h('h2', {}, 'Lyrics'),
    status,
    list,
  );
  const button = h(
    'button',
    { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'lyrics-panel', 'data-testid': 'lyrics-button', onclick: () => toggle() },
    'Lyrics',
  );
  let shownFor: string | null = null;
  let lines: LyricLine[] = [];
  let items: HTMLElement[] = [];
  let current = -1;
  let load: AbortController | null = null;

  function toggle() {
    panel.hidden = !panel.hidden;
    button.setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) void show(player.state.track?.id ?? null);
  }

  async function show(trackId: string | null) {
    if (panel.hidden || trackId === shownFor) return;
    shownFor = trackId;
    load?.abort();
    lines = [];
    items = [];
    current = -1;
    list.replaceChildren();
    if (!trackId) {
      status.textContent = 'Nothing playing.';
      return;
    }
    status.textContent = 'Loading lyrics…';
    const request = new AbortController();
    load = request;
    try {
      const lyrics = await api<Lyrics>('GET', `/api/v1/tracks/${encodeURIComponent(trackId)}/lyrics`, undefined, { signal: request.signal });
      if (request.signal.aborted) return;
      render(lyrics);
    } catch (err) {
      if (request.signal.aborted) return;
      status.textContent = err instanceof ApiError && err.status === 404 ? 'No lyrics for this track.' : 'Lyrics could not be loaded.';
    }
  }

  function render(lyrics: Lyrics) {
    status.textContent = lyrics.synced ? '' : 'These lyrics are not synced to the music.';
    lines = lyrics.synced ? lyrics.lines : [];
    items = lyrics.lines.map((line) => {
      const text = line.text || '♪';
      const content =
        lyrics.synced && line.start_ms !== null
          ? h('button', { type: 'button', className: 'lyrics-line', onclick: () => void player.seek(line.start_ms!) }, text)
          : h('span', { className: 'lyrics-line' }, text);
      return h('li', {}, content);
    });
    list.replaceChildren(...items);
    follow();
  }

  function follow() {
    if (panel.hidden || lines.length === 0) return;
    const at = activeLine(lines, player.positionMs);
    if (at === current) return;
    items[current]?.removeAttribute('aria-current');
    current = at;
    const item = items[at];
    if (!item) return;
    item.setAttribute('aria-current', 'true');
    // Scrolls the panel only (scrollIntoView would move the page too).
    panel.scrollTo({ top: item.offsetTop - panel.clientHeight / 2 + item.clientHeight / 2, behavior: reducedMotion.matches ? 'auto' : 'smooth' });
  }

  player.addEventListener('change', () => void show(player.state.track?.id ?? null));
  player.engine.addEventListener('timeupdate', follow);
  player.engine.addEventListener('seeked', follow);
  // Playback on another device has no element events here: follow the session's position.
  const remoteTicker = setInterval(() => player.state.remoteDevice && follow(), 500);
  player.addEventListener('shutdown', () => clearInterval(remoteTicker));
  return { button, panel };
}

import type { Image } from '../types.ts';
import type { Player } from './controller.ts';
import { albumOf } from './track-album.ts';

/** How far the OS's seek backward/forward buttons move when they do not say. */
const SEEK_STEP_MS = 10_000;

const artwork = (images: Image[] | undefined): MediaImage[] =>
  (images ?? []).map((i) => ({ src: new URL(i.url, location.origin).toString(), sizes: `${i.width}x${i.height}` }));

/**
 * Tells the OS what is playing (title, artist, album, cover) through the Media
 * Session API, so lock screens, notification shades and media keys show the
 * track and control this player: their actions call the same player commands
 * as the bar's buttons, and the position state follows playback (the OS draws
 * its own progress from it).
 *
 * Only while this tab is the device playing: the browser also sends `pause`
 * when another tab takes the audio focus, and obeyed in a tab that is merely
 * showing another device's playback, it would pause the whole account's
 * session, including the device that just started.
 */
export function bindMediaSession(player: Player): void {
  if (!('mediaSession' in navigator)) return;
  const session = navigator.mediaSession;
  let shownId: string | null = null;
  const playsHere = () => player.state.track !== null && player.state.remoteDevice === null;
  const actions: [MediaSessionAction, MediaSessionActionHandler][] = [
    ['play', () => void (player.state.isPlaying || player.toggle())],
    ['pause', () => void (player.state.isPlaying && player.toggle())],
    ['nexttrack', () => void player.next()],
    ['previoustrack', () => void player.previous()],
    ['seekbackward', (d) => void player.seek(Math.max(0, player.positionMs - (d.seekOffset ? d.seekOffset * 1000 : SEEK_STEP_MS)))],
    ['seekforward', (d) => void player.seek(player.positionMs + (d.seekOffset ? d.seekOffset * 1000 : SEEK_STEP_MS))],
    ['seekto', (d) => d.seekTime !== undefined && void player.seek(d.seekTime * 1000)],
  ];
  function updatePosition() {
    const duration = !playsHere()
      ? 0
      : (player.state.track?.duration_ms ?? (Number.isFinite(player.engine.audio.duration) ? player.engine.audio.duration * 1000 : 0));
    try {
      if (!duration) session.setPositionState();
      else session.setPositionState({ duration: duration / 1000, position: Math.min(player.positionMs, duration) / 1000, playbackRate: 1 });
    } catch {
      // Not supported (or a position the browser refuses while a track loads): the OS shows no progress.
    }
  }
  for (const type of ['playing', 'pause', 'seeked', 'durationchange', 'ratechange']) player.engine.addEventListener(type, updatePosition);
  for (const [action, handler] of actions) {
    try {
      session.setActionHandler(action, (details) => playsHere() && handler(details));
    } catch {
      // A browser that does not know an action throws; the others still work.
    }
  }
  player.addEventListener('change', () => {
    const track = playsHere() ? player.state.track : null;
    session.playbackState = track ? (player.state.isPlaying ? 'playing' : 'paused') : 'none';
    updatePosition();
    if ((track?.id ?? null) === shownId) return;
    shownId = track?.id ?? null;
    if (!track) {
      session.metadata = null;
      return;
    }
    if (track.show) {
      session.metadata = new MediaMetadata({ title: track.title, artist: track.artists, artwork: artwork(track.show.images) });
      return;
    }
    session.metadata = new MediaMetadata({ title: track.title, artist: track.artists });
    void albumOf(track.id).then((album) => {
      if (shownId !== track.id || !album) return;
      session.metadata = new MediaMetadata({ title: track.title, artist: track.artists, album: album.name ?? '', artwork: artwork(album.images) });
    });
  });
  player.addEventListener('shutdown', () => {
    session.metadata = null;
    for (const [action] of actions) {
      try {
        session.setActionHandler(action, null);
      } catch {}
    }
  });
}

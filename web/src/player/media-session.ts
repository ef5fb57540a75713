import type { Image } from '../types.ts';
import type { Player } from './controller.ts';
import { albumOf } from './track-album.ts';

const artwork = (images: Image[] | undefined): MediaImage[] =>
  (images ?? []).map((i) => ({ src: new URL(i.url, location.origin).toString(), sizes: `${i.width}x${i.height}` }));

/**
 * Tells the OS what is playing (title, artist, album, cover) through the Media
 * Session API, so lock screens, notification shades and media keys show the
 * track and control this player.
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
    ['seekto', (d) => d.seekTime !== undefined && void player.seek(d.seekTime * 1000)],
  ];
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
    if ((track?.id ?? null) === shownId) return;
    shownId = track?.id ?? null;
    if (!track) {
      session.metadata = null;
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

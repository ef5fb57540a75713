import { cover } from '../ui/artwork.ts';
import { formatTime, h } from '../ui/dom.ts';
import { icon as svg, type IconName } from '../ui/icons.ts';
import type { NowPlaying, Player } from './controller.ts';
import { losslessBadge } from './lossless.ts';
import { lyricsView } from './lyrics-view.ts';
import { nowPlayingView } from './now-playing-view.ts';
import { playbackSpeedControl } from './playback-speed.ts';
import { radioTitle } from './radio.ts';
import { albumOf } from './track-album.ts';

/** The width of the playing track's cover in the bar. */
const BAR_COVER_PX = 56;
/** The width of the cover in the phone's full-screen Now Playing view (the 640 px image, sharp at 2×). */
const NOW_PLAYING_COVER_PX = 320;

/**
 * The player bar: transport, seek, volume, bitrate, queue and device picker.
 * Every control is a labelled native element. On a phone the same bar is the
 * mini player (cover, title, play/pause, a progress line) and, opened, the
 * full-screen Now Playing view (now-playing-view.ts): one set of controls.
 */
export function playerBar(player: Player): HTMLElement {
  const { engine, connect } = player;
  const title = h('div', { className: 'np-title', 'data-testid': 'now-playing' }, 'Nothing playing');
  const artists = h('div', { className: 'np-artists' });
  const remote = h('div', { className: 'np-remote', 'data-testid': 'remote-device' });
  const quality = losslessBadge(engine);
  const art = h('div', { className: 'np-cover', 'data-testid': 'now-playing-cover' }, cover([], BAR_COVER_PX));
  const bigArt = h('div', { className: 'np-big-cover' }, cover([], NOW_PLAYING_COVER_PX));
  let artFor: string | null = null;
  function showCover(trackId: string | null, show?: NowPlaying['show']) {
    if (trackId === artFor) return;
    artFor = trackId;
    art.replaceChildren(cover(show?.images, BAR_COVER_PX, show ? 'Show artwork' : ''));
    bigArt.replaceChildren(cover(show?.images, NOW_PLAYING_COVER_PX, show ? 'Show artwork' : ''));
    if (!trackId || show) return;
    void albumOf(trackId).then((album) => {
      if (artFor !== trackId || !album?.images?.length) return;
      const alt = album.name ? `Cover of ${album.name}` : '';
      art.replaceChildren(cover(album.images, BAR_COVER_PX, alt));
      // Loads only once the view is open (lazy, and not rendered before).
      bigArt.replaceChildren(cover(album.images, NOW_PLAYING_COVER_PX, alt));
    });
  }
  const progressLine = h('span', {});
  const icon = (label: string, name: IconName, onclick: () => unknown, testid: string) =>
    h('button', { type: 'button', className: 'icon', 'aria-label': label, title: label, 'data-testid': testid, onclick: () => void onclick() }, svg(name));
  const shuffle = icon('Shuffle', 'shuffle', () => player.shuffle(), 'shuffle');
  const prev = icon('Previous track', 'previous', () => player.previous(), 'previous');
  const play = icon('Play', 'play', () => player.toggle(), 'play-pause');
  play.classList.add('primary');
  const next = icon('Next track', 'next', () => player.next(), 'next');
  const repeat = icon('Repeat: off', 'repeat', () => player.cycleRepeat(), 'repeat');
  const repeatOne = h('span', { className: 'badge', hidden: true }, '1');
  repeat.append(repeatOne);
  const elapsed = h('span', { className: 'time', 'data-testid': 'elapsed' }, '0:00');
  const total = h('span', { className: 'time' }, '–:––');
  const seek = h('input', { type: 'range', min: '0', max: '0', step: '1000', value: '0', 'aria-label': 'Seek', className: 'seek' });
  let seeking = false;
  seek.addEventListener('input', () => (seeking = true));
  seek.addEventListener('change', () => {
    seeking = false;
    void player.seek(Number(seek.value));
  });
  const volume = h('input', {
    type: 'range',
    min: '0',
    max: '100',
    value: String(Math.round(engine.volume * 100)),
    'aria-label': 'Volume',
    className: 'volume',
  });
  volume.addEventListener('input', () => (engine.volume = Number(volume.value) / 100));
  const bitrate = h('span', { className: 'bitrate', 'data-testid': 'bitrate', title: 'Current rendition' });
  const gain = h('span', { className: 'gain', title: 'Loudness normalisation toward −14 LUFS' });
  const resume = h('button', { type: 'button', className: 'resume', hidden: true, onclick: () => void engine.play() }, 'Tap to play on this device');
  const error = h('div', { className: 'player-error', role: 'alert' });
  const lyrics = lyricsView(player);

  const queueList = h('ol', { className: 'queue-list', 'aria-label': 'Up next' });
  const station = h('p', { className: 'queue-station', 'data-testid': 'queue-station' });
  const queuePanel = h('div', { className: 'popover', id: 'queue-panel', hidden: true }, h('h2', {}, 'Up next'), station, queueList);
  const queueButton = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'queue-panel', onclick: () => void toggleQueue() }, 'Queue');
  async function toggleQueue() {
    const open = queuePanel.hidden;
    queuePanel.hidden = !open;
    queueButton.setAttribute('aria-expanded', String(open));
    if (!open) return;
    station.textContent = radioTitle() ?? '';
    station.hidden = !station.textContent;
    const upcoming = await player.upcoming().catch(() => []);
    queueList.replaceChildren(...(upcoming.length ? upcoming.map((t) => h('li', {}, `${t.title} — ${t.artists}`)) : [h('li', {}, 'The queue is empty.')]));
  }

  const deviceList = h('ul', { className: 'device-list', 'aria-label': 'Devices' });
  const devicePanel = h('div', { className: 'popover', id: 'device-panel', hidden: true }, h('h2', {}, 'Play on'), deviceList);
  const deviceButton = h(
    'button',
    { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'device-panel', 'data-testid': 'devices-button', onclick: () => toggleDevices() },
    'Devices',
  );
  function toggleDevices() {
    devicePanel.hidden = !devicePanel.hidden;
    deviceButton.setAttribute('aria-expanded', String(!devicePanel.hidden));
    renderDevices();
  }
  function renderDevices() {
    const items = connect.devices.map((d) => {
      const here = d.id === connect.device.id;
      const label = `${d.name}${here ? ' (this tab)' : ''}`;
      return h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            'aria-pressed': String(d.is_active),
            'data-device-id': d.id,
            onclick: () => void player.transfer(d.id).then(() => toggleDevices()),
          },
          d.is_active ? `▶ ${label}` : label,
        ),
      );
    });
    deviceList.replaceChildren(...(items.length ? items : [h('li', {}, connect.open ? 'No devices.' : 'Not connected.')]));
  }
  connect.addEventListener('devices', renderDevices);
  connect.addEventListener('status', renderDevices);

  function render() {
    const s = player.state;
    title.textContent = s.track?.title ?? 'Nothing playing';
    artists.textContent = s.track?.artists ?? '';
    showCover(s.track?.id ?? null, s.track?.show);
    remote.textContent = s.remoteDevice ? `Playing on ${s.remoteDevice}` : s.mode === 'local' && !s.track?.show ? 'Playing offline on this device' : '';
    play.replaceChildren(svg(s.isPlaying ? 'pause' : 'play'));
    play.setAttribute('aria-label', s.isPlaying ? 'Pause' : 'Play');
    shuffle.setAttribute('aria-pressed', String(s.shuffle));
    repeat.setAttribute('aria-pressed', String(s.repeat !== 'off'));
    repeat.setAttribute('aria-label', `Repeat: ${s.repeat === 'context' ? 'all' : s.repeat}`);
    repeat.title = repeat.getAttribute('aria-label')!;
    repeatOne.hidden = s.repeat !== 'track';
    total.textContent = formatTime(s.track?.duration_ms);
    seek.max = String(s.track?.duration_ms ?? 0);
    resume.hidden = !s.blocked;
    error.textContent = s.error ?? '';
  }
  function tick() {
    const at = player.positionMs;
    if (!seeking) {
      seek.value = String(at);
      seek.setAttribute('aria-valuetext', formatTime(at));
    }
    elapsed.textContent = formatTime(at);
    const duration = Number(seek.max);
    progressLine.style.transform = `scaleX(${duration > 0 ? Math.min(1, at / duration) : 0})`;
  }
  // Playback on another device has no element events here: move the timeline from the session's state.
  const remoteTicker = setInterval(() => player.state.remoteDevice && tick(), 500);
  const lifetime = new AbortController();
  player.addEventListener('shutdown', () => {
    clearInterval(remoteTicker);
    lifetime.abort();
  });
  player.addEventListener('change', render);
  engine.addEventListener('timeupdate', tick);
  engine.addEventListener('level', () => (bitrate.textContent = engine.bitrate ? `${Math.round(engine.bitrate / 1000)} kb/s` : ''));
  engine.addEventListener('durationchange', () => {
    gain.textContent = `${engine.normalisationDb >= 0 ? '+' : '−'}${Math.abs(engine.normalisationDb).toFixed(1)} dB`;
    if (!player.state.track?.duration_ms && Number.isFinite(engine.audio.duration)) seek.max = String(Math.round(engine.audio.duration * 1000));
  });
  render();

  // Space plays/pauses, ←/→ seek 10 s, when focus is not in a text field or on a control that uses them.
  document.addEventListener(
    'keydown',
    (e) => {
      const t = e.target as HTMLElement;
      if (t.closest('input, textarea, select, button, [contenteditable]') || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === ' ') void player.toggle();
      else if (e.key === 'ArrowRight') void player.seek(engine.positionMs + 10_000);
      else if (e.key === 'ArrowLeft') void player.seek(Math.max(0, engine.positionMs - 10_000));
      else return;
      e.preventDefault();
    },
    { signal: lifetime.signal },
  );

  const np = h('div', { className: 'np' }, art, h('div', { className: 'np-text' }, title, artists, remote));
  const bar = h(
    'footer',
    { className: 'player-bar', 'aria-label': 'Player' },
    h('div', { className: 'progress-line', 'aria-hidden': 'true' }, progressLine),
    bigArt,
    np,
    h(
      'div',
      { className: 'transport' },
      h('div', { className: 'buttons' }, shuffle, prev, play, next, repeat),
      h('div', { className: 'timeline' }, elapsed, seek, total),
      resume,
      error,
    ),
    h(
      'div',
      { className: 'extras' },
      // The badge stacks over the rates, so the bar's text column keeps its width.
      h('div', { className: 'rendition' }, quality, h('div', {}, bitrate, ' ', gain)),
      volume,
      playbackSpeedControl(engine),
      lyrics.button,
      queueButton,
      deviceButton,
      lyrics.panel,
      queuePanel,
      devicePanel,
    ),
  );
  nowPlayingView(bar, { np, swipeZone: bigArt, signal: lifetime.signal });
  return bar;
}

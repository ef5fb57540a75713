import { h } from '../ui/dom.ts';
import type { AudioEngine } from './engine.ts';

/** The speeds offered (for podcasts above all), 0.8× to 2×. */
export const PLAYBACK_SPEEDS = [0.8, 1, 1.2, 1.5, 1.75, 2] as const;
const STORAGE_KEY = 'encore.playbackSpeed';

function remembered(): number {
  const stored = Number(localStorage.getItem(STORAGE_KEY));
  return (PLAYBACK_SPEEDS as readonly number[]).includes(stored) ? stored : 1;
}

/**
 * The labelled speed picker of the player bar. The choice is remembered on this
 * device and set as the elements' default rate too, since loading a new source
 * resets `playbackRate` to it.
 */
export function playbackSpeedControl(engine: AudioEngine): HTMLElement {
  const apply = (speed: number) => (engine.playbackRate = speed);
  const initial = remembered();
  apply(initial);
  const select = h(
    'select',
    {
      id: 'playback-speed',
      'data-testid': 'playback-speed',
      onchange: () => {
        const speed = Number(select.value);
        apply(speed);
        localStorage.setItem(STORAGE_KEY, String(speed));
      },
    },
    PLAYBACK_SPEEDS.map((s) => h('option', { value: String(s), selected: s === initial }, `${s}×`)),
  );
  return h('span', { className: 'speed' }, h('label', { htmlFor: 'playback-speed' }, 'Speed'), select);
}

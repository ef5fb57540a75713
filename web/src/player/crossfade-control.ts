import { h } from '../ui/dom.ts';
import { crossfadeSeconds, MAX_CROSSFADE_SECONDS, setCrossfadeSeconds } from './crossfade.ts';

const describe = (seconds: number) => (seconds === 0 ? 'Off (gapless)' : `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`);

/**
 * The Crossfade slider of the Account page: 0–12 s in whole seconds, arrow keys
 * move it, the value is read out in words. It applies from the next change of track.
 */
export function crossfadeControl(): HTMLElement {
  const initial = crossfadeSeconds();
  const value = h('output', { htmlFor: 'crossfade', className: 'crossfade-value', 'data-testid': 'crossfade-value' }, describe(initial));
  const slider = h('input', {
    type: 'range',
    id: 'crossfade',
    min: '0',
    max: String(MAX_CROSSFADE_SECONDS),
    step: '1',
    value: String(initial),
    'aria-describedby': 'crossfade-help',
    'aria-valuetext': describe(initial),
    'data-testid': 'crossfade',
  });
  slider.addEventListener('input', () => {
    const seconds = Number(slider.value);
    setCrossfadeSeconds(seconds);
    slider.setAttribute('aria-valuetext', describe(seconds));
    value.textContent = describe(seconds);
  });
  return h(
    'section',
    { 'aria-labelledby': 'playback-heading' },
    h('h2', { id: 'playback-heading' }, 'Playback'),
    h('div', { className: 'crossfade-row' }, h('label', { htmlFor: 'crossfade' }, 'Crossfade'), slider, value),
    h(
      'p',
      { id: 'crossfade-help', className: 'muted' },
      'Fades each track into the next over this many seconds. Off, the tracks of an album follow each other without a gap. On this device only.',
    ),
  );
}

import { errorMessage } from '../api.ts';
import type { Player } from '../player/controller.ts';
import { type RadioSeed, startRadio } from '../player/radio.ts';
import { h } from './dom.ts';
import { toast } from './toast.ts';

/** "Start radio": plays an endless station from a track or an artist. */
export function radioButton(player: Player, seed: RadioSeed, className = ''): HTMLButtonElement {
  const button = h('button', { type: 'button', className, 'aria-label': `Start radio from ${seed.name}`, 'data-testid': 'start-radio' }, 'Start radio');
  // Busy, not disabled: disabling the focused button would drop keyboard focus.
  button.addEventListener('click', async () => {
    if (button.getAttribute('aria-busy') === 'true') return;
    button.setAttribute('aria-busy', 'true');
    try {
      await startRadio(player, seed);
    } catch (err) {
      toast('Could not start the radio', errorMessage(err));
    } finally {
      button.removeAttribute('aria-busy');
    }
  });
  return button;
}

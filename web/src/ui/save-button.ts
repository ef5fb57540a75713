import { api, errorMessage } from '../api.ts';
import { announce, h } from './dom.ts';

interface Wording {
  /** The button's text while the item is not saved ("Follow", "Save"). */
  save: string;
  /** Its text while it is ("Following", "Saved"). */
  saved: string;
  /** Said to screen readers after a change. */
  savedMessage: string;
  removedMessage: string;
}

/**
 * A button that saves an item to the library or removes it (for an artist,
 * saving is following). It shows the state the server holds, and changes it
 * only once the server has.
 */
export function saveButton(itemUri: string, wording: Wording, onChange?: (saved: boolean) => void): HTMLButtonElement {
  let saved = false;
  const button = h('button', { type: 'button', className: 'save-button', disabled: true, 'data-testid': 'save-button' }, wording.save);
  const show = () => {
    button.textContent = saved ? wording.saved : wording.save;
    button.classList.toggle('on', saved);
  };
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await api(saved ? 'DELETE' : 'PUT', '/api/v1/me/library', { ids: [itemUri] });
      saved = !saved;
      show();
      announce(saved ? wording.savedMessage : wording.removedMessage);
      onChange?.(saved);
    } catch (err) {
      announce(errorMessage(err));
    } finally {
      button.disabled = false;
    }
  });
  void api<boolean[]>('GET', `/api/v1/me/library/contains?ids=${encodeURIComponent(itemUri)}`)
    .then(([isSaved]) => {
      saved = isSaved === true;
      show();
    })
    .catch(() => {})
    .finally(() => (button.disabled = false));
  return button;
}

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
  /** Read after the text by screen readers only, where many such buttons share a page (a track's title). */
  hiddenName?: string;
}

interface Options {
  /** Whether the item is saved, when the caller already asks for many at once; else the button asks. */
  initial?: Promise<boolean>;
  onChange?: (saved: boolean) => void;
}

/** Whether each URI is in the caller's library, in order (one request per 50). */
export async function savedStates(uris: string[]): Promise<boolean[]> {
  const chunks = Array.from({ length: Math.ceil(uris.length / 50) }, (_, i) => uris.slice(i * 50, i * 50 + 50));
  const answers = await Promise.all(chunks.map((c) => api<boolean[]>('GET', `/api/v1/me/library/contains?ids=${encodeURIComponent(c.join(','))}`)));
  return answers.flat();
}

/**
 * A button that saves an item to the library or removes it (for an artist,
 * saving is following). It shows the state the server holds, and changes it
 * only once the server has.
 */
export function saveButton(itemUri: string, wording: Wording, options: Options = {}): HTMLButtonElement {
  let saved = false;
  const text = h('span', {}, wording.save);
  const button = h(
    'button',
    { type: 'button', className: 'save-button', disabled: true, 'data-testid': 'save-button' },
    text,
    wording.hiddenName ? h('span', { className: 'sr-only' }, ` ${wording.hiddenName}`) : null,
  );
  const show = () => {
    text.textContent = saved ? wording.saved : wording.save;
    button.classList.toggle('on', saved);
  };
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await api(saved ? 'DELETE' : 'PUT', '/api/v1/me/library', { ids: [itemUri] });
      saved = !saved;
      show();
      announce(saved ? wording.savedMessage : wording.removedMessage);
      options.onChange?.(saved);
    } catch (err) {
      announce(errorMessage(err));
    } finally {
      button.disabled = false;
    }
  });
  void (options.initial ?? savedStates([itemUri]).then(([s]) => s === true))
    .then((isSaved) => {
      saved = isSaved;
      show();
    })
    .catch(() => {})
    .finally(() => (button.disabled = false));
  return button;
}

import { api, errorMessage } from '../api.ts';
import { h } from './dom.ts';
import { toast } from './toast.ts';

/** Copies to the clipboard; false where the browser has none or refuses (no permission, an insecure page). */
async function copy(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard?.writeText) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Where the clipboard cannot be used: the link in a selected read-only field to copy by hand. */
function linkDialog(url: string, name: string): void {
  const field = h('input', { type: 'text', id: 'share-link', readOnly: true, value: url, className: 'share-field' });
  const dialog = h(
    'dialog',
    { className: 'dialog', 'aria-labelledby': 'share-title', 'aria-describedby': 'share-help' },
    h('h2', { id: 'share-title' }, `Share ${name}`),
    h('p', { id: 'share-help' }, 'Copy this link (it is selected) and send it to anyone: no account needed to open it.'),
    h('label', { htmlFor: 'share-link' }, 'Link'),
    field,
    h('p', {}, h('button', { type: 'button', onclick: () => dialog.close() }, 'Done')),
  );
  document.body.append(dialog);
  dialog.addEventListener('close', () => dialog.remove());
  dialog.showModal();
  field.focus();
  field.select();
}

/** Makes a share link for an item (`POST /share`) and copies it, or shows it to copy. */
export async function share(itemUri: string, name: string): Promise<void> {
  const answer = await api<{ url: string }>('POST', '/api/v1/share', { uri: itemUri });
  const url = new URL(answer.url, location.origin).href;
  if (await copy(url)) toast('Link copied', url);
  else linkDialog(url, name);
}

/** A "Share" button for a track, album, artist, public playlist, show or ready episode. */
export function shareButton(itemUri: string, name: string, className = ''): HTMLButtonElement {
  const button = h('button', { type: 'button', className, 'aria-label': `Share ${name}`, 'data-testid': 'share' }, 'Share');
  // Busy, not disabled: disabling the focused button would drop keyboard focus.
  button.addEventListener('click', async () => {
    if (button.getAttribute('aria-busy') === 'true') return;
    button.setAttribute('aria-busy', 'true');
    try {
      await share(itemUri, name);
    } catch (err) {
      toast('Could not make a link', errorMessage(err));
    } finally {
      button.removeAttribute('aria-busy');
    }
  });
  return button;
}

import { errorMessage } from '../api.ts';
import { h } from './dom.ts';

/** Runs a page's loading with a "Loading…" status, and shows the API's message instead of the page when it fails. */
export async function guarded(outlet: HTMLElement, load: () => Promise<void>): Promise<void> {
  const loading = h('p', { role: 'status' }, 'Loading…');
  outlet.append(loading);
  try {
    await load();
  } catch (err) {
    outlet.append(h('p', { role: 'alert', className: 'form-error' }, errorMessage(err)));
  } finally {
    loading.remove();
  }
}

import { h } from './dom.ts';

/** How long a toast stays up. */
const SHOWN_MS = 4_000;

/**
 * A short visible confirmation ("Link copied") that is also a polite live
 * region, so screen readers hear it. One element for the whole app, in the
 * page from the start: a live region added with its text is not announced.
 */
const region = h('div', { className: 'toast', role: 'status', 'aria-live': 'polite', 'data-testid': 'toast' });
document.body.append(region);
let timer: ReturnType<typeof setTimeout> | undefined;

export function toast(message: string, detail = ''): void {
  clearTimeout(timer);
  region.replaceChildren(h('strong', {}, message));
  if (detail) region.append(h('span', { className: 'toast-detail' }, detail));
  region.classList.add('shown');
  timer = setTimeout(() => {
    region.classList.remove('shown');
    region.replaceChildren();
  }, SHOWN_MS);
}

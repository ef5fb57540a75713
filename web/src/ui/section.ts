import { errorMessage } from '../api.ts';
import { h } from './dom.ts';

/**
 * A titled section whose body loads on its own, so one failing read leaves the
 * rest of the page in place. Resolves once the body (or its error) is shown.
 */
export function loadedSection(title: string, load: () => Promise<Node>): { element: HTMLElement; ready: Promise<void> } {
  const status = h('p', { role: 'status', className: 'muted' }, 'Loading…');
  const element = h('section', { 'aria-label': title, 'data-section': title }, h('h2', {}, title), status);
  const ready = load().then(
    (body) => void status.replaceWith(body),
    (err) => void status.replaceWith(h('p', { role: 'alert', className: 'form-error' }, errorMessage(err))),
  );
  return { element, ready };
}

/** Sections of a page, appended at once and loaded side by side. */
export async function loadedSections(outlet: HTMLElement, sections: [string, () => Promise<Node>][]): Promise<void> {
  const loaded = sections.map(([title, load]) => loadedSection(title, load));
  outlet.append(...loaded.map((s) => s.element));
  await Promise.all(loaded.map((s) => s.ready));
}

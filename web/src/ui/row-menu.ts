import { h } from './dom.ts';
import { icon } from './icons.ts';

/**
 * A row's secondary actions. On a wide screen they sit in the row as they
 * always did (the toggle is hidden and the panel is `display: contents`); on a
 * phone they fold into a panel behind a "More actions" button, which a long
 * press on the row opens too. A disclosure, not an ARIA menu: the panel holds
 * ordinary buttons in tab order, Escape or a tap elsewhere closes it.
 */
export function rowMenu(name: string, actions: (HTMLElement | null)[]): HTMLElement[] {
  const panel = h('div', { className: 'row-actions', id: nextId() }, actions);
  const toggle = h(
    'button',
    {
      type: 'button',
      className: 'row-more icon',
      'aria-label': `More actions for ${name}`,
      'aria-expanded': 'false',
      'aria-controls': panel.id,
      'data-testid': 'row-more',
      onclick: () => setOpen(toggle, toggle.getAttribute('aria-expanded') !== 'true'),
    },
    icon('more'),
  );
  return [toggle, panel];
}

/** Opens the menu of the row holding `el` (a long press) and moves focus into it. */
export function openRowMenu(el: HTMLElement): void {
  const toggle = el.closest('li, .track-row')?.querySelector<HTMLButtonElement>('.row-more');
  if (!toggle || toggle.offsetParent === null) return;
  setOpen(toggle, true);
  document.getElementById(toggle.getAttribute('aria-controls')!)?.querySelector<HTMLElement>('button:not(:disabled), a')?.focus();
}

let open: HTMLButtonElement | null = null;
let ids = 0;
const nextId = () => `row-actions-${++ids}`;

function setOpen(toggle: HTMLButtonElement, value: boolean): void {
  if (value && open && open !== toggle) setOpen(open, false);
  toggle.setAttribute('aria-expanded', String(value));
  const row = toggle.closest('.track-row');
  row?.classList.toggle('menu-open', value);
  row?.classList.remove('menu-up');
  open = value ? toggle : null;
  // A row near the bottom opens its panel upwards, clear of the player and the bottom navigation.
  const panel = document.getElementById(toggle.getAttribute('aria-controls')!);
  const bottomBars = document.querySelector('.player-bar')?.getBoundingClientRect().top ?? innerHeight;
  if (value && panel && panel.getBoundingClientRect().bottom > bottomBars) row?.classList.add('menu-up');
}

document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape' || !open) return;
  const toggle = open;
  setOpen(toggle, false);
  toggle.focus();
});
document.addEventListener('click', (e) => {
  if (!open?.isConnected) {
    open = null;
    return;
  }
  const panel = document.getElementById(open.getAttribute('aria-controls')!);
  const target = e.target as Node;
  if (open.contains(target)) return;
  // A tap on an action does its job, then the panel folds away; a tap outside only folds it.
  if (!panel?.contains(target) || (target as Element).closest?.('button')) setOpen(open, false);
});

import { h } from '../ui/dom.ts';
import { onVerticalSwipe } from '../ui/gestures.ts';
import { icon } from '../ui/icons.ts';

/** The widths at which the player bar is a mini player (styles.css uses the same breakpoint). */
export const PHONE = matchMedia('(max-width: 700px)');

interface Parts {
  /** The playing track's cover and title: tapping it opens the view. */
  np: HTMLElement;
  /** Where a downward swipe closes the view (the big cover: everything else there is a control or may scroll). */
  swipeZone: HTMLElement;
  signal: AbortSignal;
}

/**
 * Turns the player bar into the phone's mini player and its full-screen Now
 * Playing view. Open: tap the track (a button, so keyboards and screen readers
 * have it too) or swipe the mini player up. Close: the Close button, Escape,
 * or a swipe down on the cover. While open, the page behind is inert.
 */
export function nowPlayingView(bar: HTMLElement, { np, swipeZone, signal }: Parts): void {
  const openButton = h('button', {
    type: 'button',
    className: 'np-open',
    'aria-label': 'Open Now Playing',
    'aria-expanded': 'false',
    'data-testid': 'open-now-playing',
    onclick: () => setOpen(true),
  });
  const closeButton = h(
    'button',
    { type: 'button', className: 'icon np-close', 'aria-label': 'Close Now Playing', 'data-testid': 'close-now-playing', onclick: () => setOpen(false) },
    icon('collapse'),
  );
  np.append(openButton);
  bar.prepend(h('div', { className: 'np-head' }, closeButton, h('span', { className: 'np-head-title' }, 'Now Playing')));

  const isOpen = () => bar.classList.contains('expanded');
  /** Opens or closes the view; false when it already was so (or a wide screen has no such view). */
  function setOpen(open: boolean): boolean {
    if (open === isOpen() || (open && !PHONE.matches)) return false;
    bar.classList.toggle('expanded', open);
    bar.setAttribute('aria-label', open ? 'Now Playing' : 'Player');
    openButton.setAttribute('aria-expanded', String(open));
    document.body.classList.toggle('now-playing-open', open);
    for (const el of document.querySelectorAll<HTMLElement>('#app > :not(.player-bar, #announcer), .skip-link')) el.inert = open;
    (open ? closeButton : openButton).focus();
    return true;
  }

  onVerticalSwipe(bar, (direction) => direction === 'up' && setOpen(true), signal);
  onVerticalSwipe(swipeZone, (direction) => direction === 'down' && setOpen(false), signal);
  document.addEventListener('keydown', (e) => e.key === 'Escape' && isOpen() && setOpen(false), { signal });
  PHONE.addEventListener('change', () => PHONE.matches || setOpen(false), { signal });
  addEventListener('popstate', () => setOpen(false), { signal });
  signal.addEventListener('abort', () => setOpen(false));
}

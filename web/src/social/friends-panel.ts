import type { Player } from '../player/controller.ts';
import { h } from '../ui/dom.ts';
import { icon } from '../ui/icons.ts';
import { followForm } from './follow-form.ts';
import { FriendActivityPoller } from './friend-activity.ts';
import { friendList } from './friend-list.ts';

/** Where the panel is a column beside the page; narrower, it covers the page as a drawer (styles.css uses the same width). */
const WIDE = matchMedia('(min-width: 1024px)');
const REMEMBER = 'encore.friends-open';

export interface FriendsPanel {
  panel: HTMLElement;
  /** The "Friends" button of the navigation. */
  toggle: HTMLButtonElement;
  /** Takes the panel away (logging out); its open state stays remembered. */
  close(): void;
}

/**
 * Friend activity: what the people you follow play now or played last,
 * polled while the panel is open and the tab visible. A column beside the
 * page on a wide screen (open or not as last left); on a phone a full-screen
 * drawer, the page behind inert, closed with its button or Escape.
 */
export function friendsPanel(player: Player, focusAfterClose: () => HTMLElement): FriendsPanel {
  const body = h('div', { className: 'friends-body' }, h('p', { role: 'status', className: 'muted' }, 'Loading…'));
  const error = h('p', { role: 'alert', className: 'form-error' });
  const poller = new FriendActivityPoller(
    (items) => {
      error.textContent = '';
      body.replaceChildren(friendList(player, items));
    },
    (message) => (error.textContent = message),
  );
  const toggle = h(
    'button',
    { type: 'button', className: 'link-button friends-toggle', 'aria-expanded': 'false', 'aria-controls': 'friends-panel', onclick: () => setOpen(!isOpen()) },
    'Friends',
  );
  const closeButton = h(
    'button',
    { type: 'button', className: 'icon friends-close', 'aria-label': 'Close friend activity', onclick: () => setOpen(false, true) },
    icon('close'),
  );
  const panel = h(
    'aside',
    { id: 'friends-panel', className: 'friends-panel', 'aria-labelledby': 'friends-title', hidden: true },
    h('div', { className: 'friends-head' }, h('h2', { id: 'friends-title' }, 'Friend activity'), closeButton),
    error,
    body,
    followForm(() => poller.refresh()),
  );

  const isOpen = () => !panel.hidden;
  function setOpen(open: boolean, returnFocus = false): void {
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    document.body.classList.toggle('friends-open', open);
    if (WIDE.matches) localStorage.setItem(REMEMBER, String(open));
    if (open) poller.start();
    else poller.stop();
    layOut();
    if (open && !WIDE.matches) closeButton.focus();
    if (!open && returnFocus) focusAfterClose().focus();
  }
  /** As a drawer it is modal: the rest of the app is out of reach while it shows. */
  function layOut(): void {
    const modal = isOpen() && !WIDE.matches;
    for (const el of document.querySelectorAll<HTMLElement>('#app > :not(.friends-panel, #announcer)')) el.inert = modal;
  }
  WIDE.addEventListener('change', layOut);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && isOpen() && !WIDE.matches) setOpen(false, true);
  });
  if (WIDE.matches && localStorage.getItem(REMEMBER) === 'true') setOpen(true);

  return {
    panel,
    toggle,
    close: () => {
      poller.stop();
      panel.remove();
      document.body.classList.remove('friends-open');
      layOut();
    },
  };
}

import { h } from './dom.ts';

/** Chromium's install event (not in TypeScript's DOM library). */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

let offered: BeforeInstallPromptEvent | null = null;

/**
 * "Install app", shown only while the browser offers to install Encore
 * (beforeinstallprompt): the browser's own prompt is held back and opened by
 * this button, so it comes when the listener asks, not over the page.
 */
export const installButton = h(
  'button',
  {
    type: 'button',
    className: 'install-button',
    hidden: true,
    'data-testid': 'install-app',
    onclick: async () => {
      const event = offered;
      if (!event) return;
      offered = null;
      installButton.hidden = true;
      await event.prompt();
    },
  },
  'Install app',
);

addEventListener('beforeinstallprompt', (e) => {
  e.preventDefault();
  offered = e as BeforeInstallPromptEvent;
  installButton.hidden = false;
});
addEventListener('appinstalled', () => {
  offered = null;
  installButton.hidden = true;
});

import { api, errorMessage } from '../api.ts';
import { crossfadeControl } from '../player/crossfade-control.ts';
import { currentUser } from '../session.ts';
import { h } from '../ui/dom.ts';
import { toast } from '../ui/toast.ts';

interface Settings {
  private_session: boolean;
}

/**
 * The account: the user id to give friends (so they can follow you), the
 * private session switch, which hides what you play from everyone
 * (`PUT /me/settings {private_session}`), and this device's crossfade.
 */
export async function accountPage(outlet: HTMLElement): Promise<void> {
  const user = currentUser();
  const privateSession = h('input', { type: 'checkbox', id: 'private-session', role: 'switch', disabled: true, 'aria-describedby': 'private-help' });
  const status = h('p', { className: 'muted', role: 'status' });
  privateSession.addEventListener('change', async () => {
    const wanted = privateSession.checked;
    try {
      await api('PUT', '/api/v1/me/settings', { private_session: wanted } satisfies Settings);
      toast(wanted ? 'Private session on' : 'Private session off', wanted ? 'Friends no longer see what you play.' : 'Friends see what you play again.');
    } catch (err) {
      privateSession.checked = !wanted;
      status.textContent = errorMessage(err);
    }
  });
  outlet.append(
    h('h1', {}, 'Account'),
    h('p', {}, user?.display_name ?? ''),
    h(
      'section',
      { 'aria-labelledby': 'friends-heading' },
      h('h2', { id: 'friends-heading' }, 'Friends'),
      h('p', {}, 'Your user id, for friends who want to follow you: ', h('code', { 'data-testid': 'account-user-id' }, user?.id ?? '')),
      h('div', { className: 'switch-row' }, privateSession, h('label', { htmlFor: 'private-session' }, 'Private session')),
      h('p', { id: 'private-help', className: 'muted' }, 'While it is on, the people who follow you do not see what you play.'),
      status,
    ),
    crossfadeControl(),
  );
  try {
    privateSession.checked = (await api<Settings>('GET', '/api/v1/me/settings')).private_session === true;
  } catch {
    // Unknown until changed here: shown off, and a change still saves.
  }
  privateSession.disabled = false;
}

import { errorMessage } from '../api.ts';
import { followPeople } from '../social/follow.ts';
import { h } from './dom.ts';
import { toast } from './toast.ts';

/** "Follow {name}" for a person (a playlist's owner); following them puts what they play in your Friends panel. */
export function followPersonButton(user: { id: string; display_name: string }): HTMLButtonElement {
  let following = false;
  const button = h('button', { type: 'button', className: 'save-button', 'data-testid': 'follow-person' }, `Follow ${user.display_name}`);
  button.addEventListener('click', async () => {
    if (button.getAttribute('aria-busy') === 'true') return;
    button.setAttribute('aria-busy', 'true');
    try {
      await followPeople([user.id], !following);
      following = !following;
      button.textContent = following ? `Following ${user.display_name}` : `Follow ${user.display_name}`;
      button.classList.toggle('on', following);
      toast(following ? `You follow ${user.display_name}` : `You no longer follow ${user.display_name}`);
    } catch (err) {
      toast('Could not follow', errorMessage(err));
    } finally {
      button.removeAttribute('aria-busy');
    }
  });
  return button;
}

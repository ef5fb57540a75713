import { errorMessage } from '../api.ts';
import { h } from '../ui/dom.ts';
import { toast } from '../ui/toast.ts';
import { followPeople } from './follow.ts';

/** A user id as typed, or the last part of a link that ends with one. */
export function userIdFrom(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.includes('/')) return trimmed;
  const path = trimmed
    .replace(/[?#].*$/, '')
    .split('/')
    .filter(Boolean);
  return decodeURIComponent(path.at(-1) ?? '');
}

/** "Follow someone": a user id or a link to them; `onFollowed` runs once the server has it. */
export function followForm(onFollowed: () => void): HTMLFormElement {
  const input = h('input', { type: 'text', id: 'follow-user', required: true, maxLength: 300, autocomplete: 'off', spellcheck: false });
  const form = h(
    'form',
    { className: 'follow-form', 'aria-label': 'Follow someone' },
    h('label', { htmlFor: 'follow-user' }, 'Follow someone (user id or link)'),
    h('div', { className: 'follow-row' }, input, h('button', { type: 'submit' }, 'Follow')),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const id = userIdFrom(input.value);
    if (!id) return;
    try {
      await followPeople([id]);
      input.value = '';
      toast('Following', 'What they play shows here.');
      onFollowed();
    } catch (err) {
      toast('Could not follow', errorMessage(err));
    }
  });
  return form;
}

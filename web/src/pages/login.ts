import { api, errorMessage } from '../api.ts';
import { navigate } from '../router.ts';
import { signIn, type AuthResponse } from '../session.ts';
import { h } from '../ui/dom.ts';

/** Log in, or create an account (listener or artist). */
export function loginPage(outlet: HTMLElement): void {
  let registering = false;
  const email = h('input', { type: 'email', name: 'email', id: 'email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', id: 'password', autocomplete: 'current-password', required: true, minLength: 8 });
  const displayName = h('input', { type: 'text', name: 'display_name', id: 'display-name', autocomplete: 'nickname' });
  const role = h('select', { id: 'role', name: 'role' }, h('option', { value: 'listener' }, 'Listener'), h('option', { value: 'artist' }, 'Artist'));
  const registerFields = h(
    'div',
    { hidden: true },
    h('label', { htmlFor: 'display-name' }, 'Display name'),
    displayName,
    h('label', { htmlFor: 'role' }, 'I am a'),
    role,
  );
  const error = h('p', { className: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', className: 'primary-button' }, 'Log in');
  const toggle = h('button', { type: 'button', className: 'link-button' }, 'New here? Create an account');
  const heading = h('h1', {}, 'Log in to Encore');
  toggle.addEventListener('click', () => {
    registering = !registering;
    registerFields.hidden = !registering;
    displayName.required = registering;
    heading.textContent = registering ? 'Create your Encore account' : 'Log in to Encore';
    submit.textContent = registering ? 'Create account' : 'Log in';
    toggle.textContent = registering ? 'Have an account? Log in' : 'New here? Create an account';
    password.autocomplete = registering ? 'new-password' : 'current-password';
  });
  const form = h(
    'form',
    { className: 'auth-form', 'aria-labelledby': 'auth-heading' },
    h('label', { htmlFor: 'email' }, 'Email'),
    email,
    h('label', { htmlFor: 'password' }, 'Password'),
    password,
    registerFields,
    error,
    submit,
    toggle,
  );
  heading.id = 'auth-heading';
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      const auth = registering
        ? await api<AuthResponse>('POST', '/api/v1/auth/register', {
            email: email.value,
            password: password.value,
            display_name: displayName.value,
            role: role.value,
          })
        : await api<AuthResponse>('POST', '/api/v1/auth/login', { email: email.value, password: password.value });
      signIn(auth);
      const next = new URLSearchParams(location.search).get('next');
      navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/home', true);
    } catch (err) {
      error.textContent = errorMessage(err);
    } finally {
      submit.disabled = false;
    }
  });
  outlet.append(h('section', { className: 'auth' }, heading, form));
  email.focus();
}

import { api } from '../api.ts';
import type { Home } from '../types.ts';
import { cardGrid } from '../ui/cards.ts';
import { append, h } from '../ui/dom.ts';
import { guarded } from '../ui/guarded.ts';

/** The landing page after login: the sections of `GET /me/home` as artwork grids. */
export function homePage(outlet: HTMLElement): Promise<void> {
  return guarded(outlet, async () => {
    const home = await api<Home>('GET', '/api/v1/me/home');
    append(outlet, [
      h('h1', {}, greeting()),
      ...home.sections.map((s) =>
        h(
          'section',
          { className: 'home-section', 'aria-labelledby': `home-${s.id}`, 'data-section': s.id },
          h('h2', { id: `home-${s.id}` }, s.title),
          cardGrid(s.items, s.title),
        ),
      ),
      home.sections.length
        ? null
        : h(
            'p',
            {},
            'Nothing here yet. ',
            h('a', { href: '/browse' }, 'Browse new releases and genres'),
            ', or ',
            h('a', { href: '/search' }, 'search'),
            ' for something to play.',
          ),
    ]);
  });
}

function greeting(): string {
  const hour = new Date().getHours();
  return hour < 5 ? 'Good night' : hour < 12 ? 'Good morning' : hour < 18 ? 'Good afternoon' : 'Good evening';
}

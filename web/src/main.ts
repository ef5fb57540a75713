import { loadDownloads } from './offline/downloads.ts';
import { browsePage, genrePage } from './pages/browse.ts';
import { albumPage, artistPage } from './pages/catalog.ts';
import { downloadsPage } from './pages/downloads.ts';
import { accountPage } from './pages/account.ts';
import { homePage } from './pages/home.ts';
import { libraryPage } from './pages/library.ts';
import { loginPage } from './pages/login.ts';
import { playlistsPage } from './pages/playlists.ts';
import { searchPage } from './pages/search.ts';
import { episodePage } from './pages/episode.ts';
import { showPage } from './pages/show.ts';
import { uploadPage } from './pages/upload.ts';
import type { Player } from './player/controller.ts';
import { navigate, notFound, onRouteChange, route, startRouter, type Render } from './router.ts';
import { currentUser, logOut, onSessionChange } from './session.ts';
import { h } from './ui/dom.ts';
import { installButton } from './ui/install-prompt.ts';
import type { FriendsPanel } from './social/friends-panel.ts';

if ('serviceWorker' in navigator) void navigator.serviceWorker.register('/sw.js').catch(() => {});
void loadDownloads();

const app = document.getElementById('app')!;
const main = h('main', { id: 'main', tabIndex: -1 });
const nav = h('nav', { 'aria-label': 'Main' });
let player: Promise<Player> | null = null;
let friends: FriendsPanel | null = null;

/** The Menu button of phone widths, which folds the links other than Home, Search and Library. */
const moreToggle = h(
  'button',
  {
    type: 'button',
    className: 'more-toggle',
    'aria-expanded': 'false',
    'aria-controls': 'more-links',
    onclick: () => setMoreOpen(moreToggle.getAttribute('aria-expanded') !== 'true'),
  },
  'Menu',
);
function setMoreOpen(open: boolean) {
  moreToggle.setAttribute('aria-expanded', String(open));
}
onRouteChange(() => setMoreOpen(false));
document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape' || moreToggle.getAttribute('aria-expanded') !== 'true') return;
  setMoreOpen(false);
  moreToggle.focus();
});
document.addEventListener('click', (e) => {
  if (!(e.target as Element).closest('.more-toggle, .more-links')) setMoreOpen(false);
});

/**
 * Home, Search and Library are the phone's bottom navigation; the rest sits
 * behind Menu there. On a wide screen all of it is one row, as before.
 */
function renderNav() {
  const user = currentUser();
  nav.replaceChildren(
    h('a', { href: user ? '/home' : '/login', className: 'brand' }, 'Encore'),
    ...(user
      ? [
          h(
            'div',
            { className: 'primary-links' },
            h('a', { href: '/home' }, 'Home'),
            h('a', { href: '/search' }, 'Search'),
            h('a', { href: '/library' }, 'Library'),
          ),
          moreToggle,
          h(
            'div',
            { className: 'more-links', id: 'more-links' },
            h('a', { href: '/browse' }, 'Browse'),
            h('a', { href: '/playlists' }, 'Playlists'),
            h('a', { href: '/downloads' }, 'Downloads'),
            user.role !== 'listener' ? h('a', { href: '/upload' }, 'Upload') : null,
            friends?.toggle,
            installButton,
            h('a', { href: '/account' }, 'Account'),
            h('span', { className: 'who' }, user.display_name),
            h(
              'button',
              {
                type: 'button',
                className: 'link-button',
                onclick: () => {
                  void logOut();
                  navigate('/login');
                },
              },
              'Log out',
            ),
          ),
        ]
      : [h('a', { href: '/login' }, 'Log in')]),
  );
  markCurrentLink();
}

/** The main link of the page being shown is marked current, for screen readers and for its style. */
function markCurrentLink() {
  const section = `/${location.pathname.split('/')[1] ?? ''}`;
  for (const a of nav.querySelectorAll('a:not(.brand)')) {
    if ((a as HTMLAnchorElement).pathname === section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}
onRouteChange(markCurrentLink);

/** Pages that need an account send a signed-out visitor to log in first. */
const signedIn =
  (render: (p: Player) => Render): Render =>
  async (outlet, params) => {
    const ready = startPlayer();
    if (!ready) {
      navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, true);
      return;
    }
    return render(await ready)(outlet, params);
  };

/**
 * The player (hls.js aside, its biggest part is zod, which validates Connect
 * pushes with the shared schema) loads only once someone is signed in, so the
 * login page stays small.
 */
function startPlayer(): Promise<Player> | null {
  if (!currentUser()) return null;
  player ??= Promise.all([
    import('./player/controller.ts'),
    import('./player/bar.ts'),
    import('./player/media-session.ts'),
    import('./social/friends-panel.ts'),
    import('./player/episode-progress.ts'),
  ]).then(([{ Player }, { playerBar }, { bindMediaSession }, { friendsPanel }, { saveEpisodeProgress }]) => {
    const p = new Player();
    app.append(playerBar(p));
    bindMediaSession(p);
    saveEpisodeProgress(p.engine);
    p.start();
    // On a phone the Friends button sits behind Menu: focus goes back to Menu when the drawer closes.
    friends = friendsPanel(p, () => (moreToggle.offsetParent ? moreToggle : friends!.toggle));
    friends.toggle.addEventListener('click', () => setMoreOpen(false));
    main.after(friends.panel);
    renderNav();
    return p;
  });
  return player;
}

onSessionChange((user) => {
  renderNav();
  if (user) startPlayer();
  else {
    void player?.then((p) => p.shutdown());
    document.querySelector('.player-bar')?.remove();
    friends?.close();
    friends = null;
    player = null;
  }
});

route('/login', loginPage);
route(
  '/',
  signedIn(() => () => navigate('/home', true)),
);
route('/home', signedIn(homePage));
route('/search', signedIn(searchPage));
route(
  '/browse',
  signedIn(() => browsePage),
);
route('/genre/:id', signedIn(genrePage));
route('/library', signedIn(libraryPage));
route('/artist/:id', signedIn(artistPage));
route('/album/:id', signedIn(albumPage));
route(
  '/playlists',
  signedIn(() => playlistsPage),
);
// Loaded on demand: the live view brings the shared protocol module (and zod) with it.
route(
  '/playlist/:id',
  signedIn((p) => async (outlet, params) => (await import('./pages/playlist.ts')).playlistPage(p)(outlet, params)),
);
route('/show/:id', signedIn(showPage));
route('/episode/:id', signedIn(episodePage));
route('/upload', signedIn(uploadPage));
route('/downloads', signedIn(downloadsPage));
route(
  '/account',
  signedIn(() => accountPage),
);
notFound((outlet) => void outlet.append(h('h1', {}, 'Not found'), h('p', {}, h('a', { href: '/home' }, 'Go home'))));

app.append(h('header', { className: 'top' }, nav), main, h('div', { id: 'announcer', className: 'sr-only', 'aria-live': 'polite' }));
renderNav();
startPlayer();
startRouter(main);

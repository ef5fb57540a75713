import { loadDownloads } from './offline/downloads.ts';
import { albumPage, artistPage } from './pages/catalog.ts';
import { downloadsPage } from './pages/downloads.ts';
import { loginPage } from './pages/login.ts';
import { playlistPage } from './pages/playlist.ts';
import { playlistsPage } from './pages/playlists.ts';
import { searchPage } from './pages/search.ts';
import { uploadPage } from './pages/upload.ts';
import { playerBar } from './player/bar.ts';
import { Player } from './player/controller.ts';
import { navigate, notFound, route, startRouter, type Render } from './router.ts';
import { currentUser, onSessionChange, signOut } from './session.ts';
import { h } from './ui/dom.ts';

if ('serviceWorker' in navigator) void navigator.serviceWorker.register('/sw.js').catch(() => {});
void loadDownloads();

const app = document.getElementById('app')!;
const main = h('main', { id: 'main', tabIndex: -1 });
const nav = h('nav', { 'aria-label': 'Main' });
let player: Player | null = null;

function renderNav() {
  const user = currentUser();
  nav.replaceChildren(
    h('a', { href: '/search', className: 'brand' }, 'Encore'),
    ...(user
      ? [
          h('a', { href: '/search' }, 'Search'),
          h('a', { href: '/playlists' }, 'Playlists'),
          h('a', { href: '/downloads' }, 'Downloads'),
          user.role !== 'listener' ? h('a', { href: '/upload' }, 'Upload') : null,
          h('span', { className: 'who' }, user.display_name),
          h('button', { type: 'button', className: 'link-button', onclick: () => (signOut(), navigate('/login')) }, 'Log out'),
        ]
      : [h('a', { href: '/login' }, 'Log in')]
    ).filter((el): el is HTMLElement => el !== null),
  );
}

/** Pages that need an account send a signed-out visitor to log in first. */
const signedIn =
  (render: (p: Player) => Render): Render =>
  (outlet, params) => {
    if (!currentUser() || !player) {
      navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, true);
      return;
    }
    return render(player)(outlet, params);
  };

function startPlayer() {
  if (player || !currentUser()) return;
  player = new Player();
  app.append(playerBar(player));
  player.start();
}

onSessionChange((user) => {
  renderNav();
  if (user) startPlayer();
  else {
    player?.shutdown();
    document.querySelector('.player-bar')?.remove();
    player = null;
  }
});

route('/login', loginPage);
route('/', signedIn(() => () => navigate('/search', true)));
route('/search', signedIn(searchPage));
route('/artist/:id', signedIn(() => artistPage));
route('/album/:id', signedIn(albumPage));
route('/playlists', signedIn(() => playlistsPage));
route('/playlist/:id', signedIn(playlistPage));
route('/upload', signedIn(uploadPage));
route('/downloads', signedIn(downloadsPage));
notFound((outlet) => void outlet.append(h('h1', {}, 'Not found'), h('p', {}, h('a', { href: '/search' }, 'Go to search'))));

app.append(h('header', { className: 'top' }, nav), main, h('div', { id: 'announcer', className: 'sr-only', 'aria-live': 'polite' }));
renderNav();
startPlayer();
startRouter(main);

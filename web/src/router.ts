/** History-API routing: a list of path patterns, each rendering into the main outlet. */

/** A page renders into the outlet and may return (or resolve to) a function that cleans up when the page is left. */
export type Render = (outlet: HTMLElement, params: Record<string, string>) => unknown;
type Cleanup = (() => void) | undefined;

interface Route {
  pattern: RegExp;
  keys: string[];
  render: Render;
}

const routes: Route[] = [];
let outlet: HTMLElement;
let cleanup: Cleanup;
let fallback: Render = () => {};

export function route(path: string, render: Render): void {
  const keys: string[] = [];
  const pattern = new RegExp(
    `^${path.replace(/:(\w+)/g, (_, k: string) => {
      keys.push(k);
      return '([^/]+)';
    })}/?$`,
  );
  routes.push({ pattern, keys, render });
}

export function notFound(render: Render): void {
  fallback = render;
}

export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  void show();
}

let shown = 0;
const listeners: (() => void)[] = [];

/** Called whenever the location changes (a link, back/forward, or navigate). */
export function onRouteChange(listener: () => void): void {
  listeners.push(listener);
}

/**
 * Renders the current location. Each page gets a fresh container: a page still
 * loading when the user moves on renders into a detached element, and its
 * clean-up runs as soon as it finishes.
 */
export async function show(): Promise<void> {
  const visit = ++shown;
  for (const l of listeners) l();
  if (typeof cleanup === 'function') cleanup();
  cleanup = undefined;
  const page = document.createElement('div');
  page.className = 'page';
  outlet.replaceChildren(page);
  const match = routes.map((r) => ({ r, m: r.pattern.exec(location.pathname) })).find((x) => x.m);
  const params = match ? Object.fromEntries(match.r.keys.map((k, i) => [k, decodeURIComponent(match.m![i + 1]!)])) : {};
  const done = asCleanup(await (match ? match.r.render : fallback)(page, params));
  if (visit === shown) cleanup = done;
  else done?.();
}

const asCleanup = (result: unknown): Cleanup => (typeof result === 'function' ? (result as () => void) : undefined);

export function startRouter(main: HTMLElement): void {
  outlet = main;
  addEventListener('popstate', () => void show());
  // Same-origin links navigate in place.
  document.addEventListener('click', (e) => {
    const a = (e.target as Element).closest('a');
    if (!a || a.target || a.origin !== location.origin || e.ctrlKey || e.metaKey || e.shiftKey || a.hasAttribute('download')) return;
    e.preventDefault();
    navigate(a.pathname + a.search);
  });
  void show();
}

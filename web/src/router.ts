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

export async function show(): Promise<void> {
  if (typeof cleanup === 'function') cleanup();
  cleanup = undefined;
  outlet.replaceChildren();
  for (const r of routes) {
    const m = r.pattern.exec(location.pathname);
    if (!m) continue;
    const params = Object.fromEntries(r.keys.map((k, i) => [k, decodeURIComponent(m[i + 1]!)]));
    cleanup = asCleanup(await r.render(outlet, params));
    return;
  }
  cleanup = asCleanup(await fallback(outlet, {}));
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

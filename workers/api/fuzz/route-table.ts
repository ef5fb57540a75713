import type { Hono } from 'hono';

export interface Route {
  method: string;
  /** Hono's pattern, e.g. `/api/v1/playlists/:id/items` or `/media/*`. */
  path: string;
}

/** Methods tried on a route registered for every method (`app.all`). */
const ANY_METHOD = ['GET', 'POST', 'PUT', 'DELETE'];

/**
 * The routes a client can call, read from the app's own table. `app.routes`
 * lists every handler of every route (validators, middleware, the handler
 * itself), and each sub-app's `.use()` as `ALL {prefix}/*`: entries are
 * deduplicated by method and path, and an `ALL …/*` entry is kept as a route
 * only when no other route lives under its prefix (it is then a catch-all such
 * as `/media/*`, not middleware).
 */
export function routesOf(app: Hono<any>): Route[] {
  const entries = app.routes.map((r) => ({ method: r.method.toUpperCase(), path: r.path }));
  const concrete = entries.filter((r) => r.method !== 'ALL');
  const seen = new Set<string>();
  const routes: Route[] = [];
  const add = (method: string, path: string) => {
    const key = `${method} ${path}`;
    if (seen.has(key)) return;
    seen.add(key);
    routes.push({ method, path });
  };
  for (const entry of entries) {
    if (entry.method !== 'ALL') {
      add(entry.method, entry.path);
      continue;
    }
    const prefix = entry.path.replace(/\/?\*$/, '');
    const isMiddleware = entry.path.endsWith('*') && concrete.some((r) => r.path === prefix || r.path.startsWith(`${prefix}/`));
    if (!isMiddleware) for (const method of ANY_METHOD) add(method, entry.path);
  }
  return routes;
}

export const routeKey = (route: Route) => `${route.method} ${route.path}`;

/** The names of a pattern's parameters in order (`*` included as `*`). */
export function paramsOf(path: string): string[] {
  return path.split('/').flatMap((segment) =>
    segment.startsWith(':')
      ? [
          segment
            .slice(1)
            .replace(/\{.*\}$/, '')
            .replace(/\?$/, ''),
        ]
      : segment === '*'
        ? ['*']
        : [],
  );
}

/** Fills a pattern's parameters, in order, with already URL-safe segments. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path
    .split('/')
    .map((segment) => {
      if (segment === '*') return values['*'] ?? '';
      if (!segment.startsWith(':')) return segment;
      const name = segment
        .slice(1)
        .replace(/\{.*\}$/, '')
        .replace(/\?$/, '');
      return values[name] ?? 'x';
    })
    .join('/');
}

/** The static segment before a parameter (`playlists` for `/playlists/:id`), which says what kind of id it takes. */
export function resourceOf(path: string, param: string): string | undefined {
  const segments = path.split('/');
  const at = segments.findIndex((s) => s === `:${param}` || s.startsWith(`:${param}{`) || (param === '*' && s === '*'));
  return at > 0 ? segments[at - 1] : undefined;
}

/**
 * The podcast import tests' feed server (feed-server.ts, Node), handed to the
 * tests in workerd through vitest's provide/inject. No Node imports: both sides read it.
 * - `PUT /doc/{name}` with `X-Serve-Type` stores a document; `GET /doc/{name}` serves
 *   it with that Content-Type and its Content-Length.
 * - `GET /redirect/{n}/{name}` redirects n times, then to `/doc/{name}`.
 * - `GET /endless` streams RSS-looking bytes with no Content-Length and no end.
 * - Anything else is 404.
 */
declare module 'vitest' {
  interface ProvidedContext {
    /** `http://127.0.0.1:{port}` */
    feedServer: string;
  }
}

export {};

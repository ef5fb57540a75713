import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import type {} from './feed-server-contract.ts';

/** This module's path, for a vitest config's `globalSetup`. */
export const feedServerSetupFile = fileURLToPath(import.meta.url);

/** A real HTTP server for feeds and enclosures (feed-server-contract.ts says what it serves). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const docs = new Map<string, { type: string; bytes: Buffer }>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://feeds');
    const doc = /^\/doc\/([\w.-]+)$/.exec(url.pathname);
    const redirect = /^\/redirect\/(\d+)\/([\w.-]+)$/.exec(url.pathname);
    if (doc && req.method === 'PUT') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        docs.set(doc[1]!, { type: String(req.headers['x-serve-type'] ?? 'application/octet-stream'), bytes: Buffer.concat(chunks) });
        res.writeHead(204).end();
      });
      return;
    }
    const stored = doc && docs.get(doc[1]!);
    if (stored) {
      res.writeHead(200, { 'Content-Type': stored.type, 'Content-Length': stored.bytes.length }).end(stored.bytes);
    } else if (redirect) {
      const left = Number(redirect[1]);
      res.writeHead(302, { Location: left > 1 ? `/redirect/${left - 1}/${redirect[2]}` : `/doc/${redirect[2]}` }).end();
    } else if (url.pathname === '/endless') {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
      res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Endless</title>');
      const chunk = `<item><title>${'x'.repeat(64 * 1024)}</title></item>`;
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the feed server has no port');
  project.provide('feedServer', `http://127.0.0.1:${address.port}`);
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

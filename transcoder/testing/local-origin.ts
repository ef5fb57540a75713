import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface StoredPut {
  path: string;
  contentType: string | undefined;
  bytes: number;
}

export interface LocalOrigin {
  /** e.g. `http://127.0.0.1:40123` */
  url: string;
  /** What a TranscodeRequest's `ingest_url` points at. */
  ingestUrl: string;
  /** The per-job bearer its ingest accepts (a TranscodeRequest's `ingest_token`). */
  ingestToken: string;
  /** Where PUT files land: `{storeDir}/hls/{hash}/...`. */
  storeDir: string;
  /** Every accepted PUT, in order. */
  puts: StoredPut[];
  /** Serves `filePath` at a fresh URL and returns it. */
  serveSource(filePath: string): string;
  /** The next `count` PUTs answer 503 (to exercise retries). */
  failNextPuts(count: number): void;
  close(): Promise<void>;
}

/**
 * A small HTTP peer speaking the stream worker's side of the transcoder contract:
 * sources at `/media/sources/{id}`, and `PUT/GET/HEAD /media/ingest/hls/{hash}/{path}`
 * behind an ingest token (never the transcoder's own secret), stored as plain files.
 */
export async function startLocalOrigin(): Promise<LocalOrigin> {
  const ingestToken = `test-ingest-token-${crypto.randomUUID()}`;
  const storeDir = await mkdtemp(path.join(os.tmpdir(), 'encore-origin-'));
  const sources = new Map<string, string>();
  const puts: StoredPut[] = [];
  let failures = 0;

  const handleIngest = async (req: IncomingMessage, res: ServerResponse, key: string): Promise<void> => {
    if (req.headers.authorization !== `Bearer ${ingestToken}`) return void res.writeHead(401).end();
    if (key.split('/').some((part) => part === '..' || part === '')) return void res.writeHead(400).end();
    const file = path.join(storeDir, key);
    if (req.method === 'PUT') {
      // The stream worker streams bodies into R2, which needs the length up front.
      if (!/^\d+$/.test(req.headers['content-length'] ?? '')) return void res.writeHead(400).end();
      const chunks: Buffer[] = [];
      for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
      if (failures > 0) {
        failures -= 1;
        return void res.writeHead(503).end();
      }
      await mkdir(path.dirname(file), { recursive: true });
      const body = Buffer.concat(chunks);
      await writeFile(file, body);
      await writeFile(`${file}.content-type`, req.headers['content-type'] ?? '');
      puts.push({ path: key, contentType: req.headers['content-type'], bytes: body.length });
      return void res.writeHead(201).end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
    const size = await stat(file).then(
      (s) => s.size,
      () => null,
    );
    if (size === null) return void res.writeHead(404).end();
    const contentType = (await readFile(`${file}.content-type`, 'utf8')) || 'application/octet-stream';
    res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': size });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  };

  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://origin').pathname);
    const work = pathname.startsWith('/media/ingest/')
      ? handleIngest(req, res, pathname.slice('/media/ingest/'.length))
      : serveSourceFile(res, sources.get(pathname));
    work.catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    ingestUrl: `${url}/media/ingest`,
    ingestToken,
    storeDir,
    puts,
    serveSource(filePath) {
      const route = `/media/sources/${crypto.randomUUID()}`;
      sources.set(route, filePath);
      return `${url}${route}?exp=9999999999&kid=test&sig=unchecked`;
    },
    failNextPuts(count) {
      failures = count;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(storeDir, { recursive: true, force: true });
    },
  };
}

async function serveSourceFile(res: ServerResponse, file: string | undefined): Promise<void> {
  const size = file
    ? await stat(file).then(
        (s) => s.size,
        () => null,
      )
    : null;
  if (!file || size === null) return void res.writeHead(404).end();
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': size });
  createReadStream(file).pipe(res);
}

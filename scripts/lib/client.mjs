// A small client of the public API (GET /api/v1/openapi.json, /docs), used by the demo seeding, the
// end-to-end tests and the benchmarks.
import { readFile } from 'node:fs/promises';

export class ApiError extends Error {
  constructor(status, body) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`);
    this.status = status;
    this.body = body;
  }
}

export function client(origin, token) {
  async function call(method, path, body, headers = {}) {
    const init = { method, headers: { ...headers } };
    if (token) init.headers.Authorization = `Bearer ${token}`;
    if (body !== undefined && !(body instanceof Uint8Array)) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    } else if (body) {
      init.body = body;
    }
    const res = await fetch(origin + path, init);
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : null;
    if (!res.ok) throw new ApiError(res.status, parsed);
    return parsed;
  }
  return {
    call,
    withToken: (t) => client(origin, t),
    register: (email, password, display_name, role) => call('POST', '/api/v1/auth/register', { email, password, display_name, role }),
    login: (email, password) => call('POST', '/api/v1/auth/login', { email, password }),
    track: (id) => call('GET', `/api/v1/tracks/${id}`),
    upload: (id) => call('GET', `/api/v1/uploads/${id}`),
    /** PUT /api/v1/{albums|artists|playlists}/{id}/image with raw image bytes; answers {images}. */
    setImage: (kind, id, bytes, contentType = 'image/png') =>
      call('PUT', `/api/v1/${kind}s/${encodeURIComponent(id)}/image`, bytes, { 'Content-Type': contentType }),

    /** Runs the whole artist upload: create, PUT every part, complete. Returns the created upload. */
    async uploadFile(file, meta, contentType) {
      const bytes = new Uint8Array(await readFile(file));
      const created = await call('POST', '/api/v1/uploads', { ...meta, size_bytes: bytes.byteLength, content_type: contentType });
      for (let n = 1; n <= created.part_count; n++) {
        const part = bytes.subarray((n - 1) * created.part_size, n * created.part_size);
        await call('PUT', `/api/v1/uploads/${created.id}/parts/${n}`, part, { 'Content-Type': 'application/octet-stream' });
      }
      await call('POST', `/api/v1/uploads/${created.id}/complete`);
      return created;
    },

    /** Polls an upload until it is ready or failed. */
    async waitForUpload(id, { timeoutMs = 120_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const upload = await call('GET', `/api/v1/uploads/${id}`);
        // `held`: the audio matched another artist's track (by acoustic fingerprint); it waits for an admin.
        if (upload.status === 'ready' || upload.status === 'held' || upload.status === 'failed') return upload;
        if (Date.now() > deadline) throw new Error(`upload ${id} still ${upload.status} after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
  };
}

export const CONTENT_TYPES = { '.flac': 'audio/flac', '.wav': 'audio/wav', '.mp3': 'audio/mpeg' };

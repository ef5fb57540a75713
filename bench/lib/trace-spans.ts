// Reads what the platform itself did, server side: `wrangler dev` (miniflare)
// records every invocation and every binding call as spans in a local trace
// store under the persist directory (v3/observability/…). A D1 span carries the
// statement and rows read/written, an R2 span its operation, a queue span the
// send; the trace's root span is the request (or queue batch) that caused it.
// The attributes are a packed binary map; the few fields read here are found
// by their key names.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export interface Span {
  traceId: string;
  service: string;
  name: string;
  kind: string;
  startMs: number;
  durationMs: number | null;
  attributes: string;
  root: { service: string; name: string; kind: string; url: string | null };
}

function traceStoreFiles(persistDir: string): string[] {
  const dir = path.join(persistDir, 'v3/observability/miniflare-wobs-trace-store');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite')
    .map((f) => path.join(dir, f));
}

const text = (blob: unknown) => (blob ? Buffer.from(blob as Uint8Array).toString('latin1') : '');

/**
 * An attribute's value as text. After the key comes a tag byte: its low nibble
 * the type (3: a number written in digits, 7 and 8: a string), its high nibble the
 * length up to 11; 12 and 13 mean the length follows in one or two bytes
 * (big-endian).
 */
export function attribute(attributes: string, key: string): string | null {
  const at = attributes.indexOf(key);
  if (at < 0) return null;
  let i = at + key.length;
  const tag = attributes.charCodeAt(i++);
  if (![3, 7, 8].includes(tag & 0x0f)) return null;
  let length = tag >> 4;
  if (length === 12) length = attributes.charCodeAt(i++);
  else if (length === 13) {
    length = attributes.charCodeAt(i) * 256 + attributes.charCodeAt(i + 1);
    i += 2;
  } else if (length > 13) return null;
  return attributes.slice(i, i + length);
}

export function numericAttribute(attributes: string, key: string): number | null {
  const value = attribute(attributes, key);
  return value !== null && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : null;
}

/** Every span that started at or after `sinceMs`, with its trace's root. */
export function readSpans(persistDir: string, sinceMs: number): Span[] {
  const spans: Span[] = [];
  for (const file of traceStoreFiles(persistDir)) {
    const db = new DatabaseSync(file, { readOnly: true });
    try {
      const rows = db
        .prepare(
          `SELECT s.trace_id, s.service, s.name, s.kind, s.start_ms, s.duration_ms, s.attributes,
                  r.service AS root_service, r.name AS root_name, r.kind AS root_kind, r.attributes AS root_attributes
             FROM spans s LEFT JOIN spans r ON r.trace_id = s.trace_id AND r.parent_id IS NULL
            WHERE s.start_ms >= ?`,
        )
        .all(sinceMs) as Record<string, unknown>[];
      for (const row of rows) {
        const rootAttributes = text(row.root_attributes);
        spans.push({
          traceId: row.trace_id as string,
          service: row.service as string,
          name: row.name as string,
          kind: row.kind as string,
          startMs: row.start_ms as number,
          durationMs: row.duration_ms as number | null,
          attributes: text(row.attributes),
          root: {
            service: (row.root_service as string) ?? '?',
            name: (row.root_name as string) ?? '?',
            kind: (row.root_kind as string) ?? '?',
            url: attribute(rootAttributes, 'url.full'),
          },
        });
      }
    } finally {
      db.close();
    }
  }
  return spans;
}

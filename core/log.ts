// One structured log line per event, the same shape on every worker and the
// transcoder (whose image copies this file beside core/protocol/): Workers Logs
// and `docker logs` both index the JSON fields. Imports nothing, on purpose.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogFields {
  /** Which program wrote the line: `api`, `stream`, `transcode-queue`, `listening-events`, `transcoder`. */
  worker: string;
  /** The request (or the request that caused this job) the line belongs to; null when there is none. */
  request_id?: string | null;
  [field: string]: unknown;
}

/** Field names whose values never reach a log line, whatever the caller passes. */
const SECRET_FIELD = /token|secret|password|authorization|cookie|signature|^sig$/i;

/** Prints one JSON line: ts, level, event, worker, request_id, then the event's own fields. */
export function log(level: LogLevel, event: string, fields: LogFields): void {
  const { worker, request_id = null, ...rest } = fields;
  const line = JSON.stringify({ ts: new Date().toISOString(), level, event, worker, request_id, ...rest }, redact);
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}

/** A logger bound to one worker and request, for code that logs several lines. */
export const logger =
  (worker: string, requestId: string | null = null) =>
  (level: LogLevel, event: string, fields: Record<string, unknown> = {}): void =>
    log(level, event, { ...fields, worker, request_id: requestId });

function redact(key: string, value: unknown): unknown {
  if (key && SECRET_FIELD.test(key)) return '[redacted]';
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

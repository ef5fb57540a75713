import type { IncomingMessage, ServerResponse } from 'node:http';
import { log as logLine } from '../../core/log.ts';
import { TranscodeRequest } from '../../core/protocol/transcode.ts';
import { hasBearer } from './bearer.ts';
import type { TranscoderConfig } from './config.ts';
import type { CpuSlots } from './cpu-slots.ts';
import { BodyTooLarge, readBody, sendError, sendJson } from './http-json.ts';
import { type JobTimings, runJob } from './job.ts';
import { JobFailure } from './job-failure.ts';
import type { Semaphore } from './semaphore.ts';

const MAX_REQUEST_BYTES = 64 * 1024;

/** `POST /jobs`: runs one transcode and answers when it is done (the queue consumer waits). */
export function jobsHandler(config: TranscoderConfig, slots: Semaphore, cpu: CpuSlots) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!hasBearer(req, config.secret)) {
      return sendError(res, 401, 'unauthorized', 'A valid bearer secret is required.', false, { 'WWW-Authenticate': 'Bearer' });
    }
    let json: unknown;
    try {
      json = JSON.parse(await readBody(req, MAX_REQUEST_BYTES));
    } catch (error) {
      if (error instanceof BodyTooLarge) return sendError(res, 413, 'payload_too_large', 'The job description is too large.', true);
      return sendError(res, 400, 'malformed_json', 'The body must be a JSON object.', true);
    }
    const parsed = TranscodeRequest.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || 'body';
      return sendError(res, 422, 'invalid_request', `${field}: ${issue.message}`, true);
    }
    const job = parsed.data;

    // If the caller hangs up, stop: kill ffmpeg, abort transfers, free the slot.
    const cancel = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) cancel.abort(new DOMException('The caller hung up.', 'AbortError'));
    });

    const started = performance.now();
    const timings: JobTimings = {};
    let queuedMs = 0;
    const log = (fields: Record<string, unknown>): void =>
      logLine(fields.outcome === 'crashed' ? 'error' : fields.outcome === 'failed' ? 'warn' : 'info', 'job', {
        worker: 'transcoder',
        request_id: job.request_id ?? null,
        job_id: job.job_id,
        ...fields,
        queued_ms: queuedMs,
        ...timings,
        total_ms: Math.round(performance.now() - started),
      });

    let release: (() => void) | undefined;
    try {
      release = await slots.acquire(cancel.signal);
      queuedMs = Math.round(performance.now() - started);
      const result = await runJob(job, config, cpu, cancel.signal, timings);
      log({ outcome: result.reused ? 'reused' : 'transcoded', hash: result.content_hash, duration_ms: result.duration_ms });
      sendJson(res, 200, result);
    } catch (error) {
      if (cancel.signal.aborted) {
        log({ outcome: 'cancelled' });
      } else if (error instanceof JobFailure) {
        log({ outcome: 'failed', status: error.status, code: error.code, message: error.message });
        sendError(res, error.status, error.code, error.message, error.permanent, error.permanent ? {} : { 'Retry-After': '30' });
      } else {
        log({ outcome: 'crashed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        sendError(res, 500, 'internal', 'The transcoder failed unexpectedly; the job can be retried.', false);
      }
    } finally {
      release?.();
    }
  };
}

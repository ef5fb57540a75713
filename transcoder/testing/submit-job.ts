import type { TranscodeRequest } from '../../core/protocol/transcode.ts';

export interface JobAnswer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** POSTs a job the way the queue consumer does and reads the JSON answer. */
export async function submitJob(transcoderUrl: string, request: TranscodeRequest | unknown, secret: string | null, signal?: AbortSignal): Promise<JobAnswer> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (secret !== null) headers.Authorization = `Bearer ${secret}`;
  const response = await fetch(`${transcoderUrl}/jobs`, {
    method: 'POST',
    headers,
    body: typeof request === 'string' ? request : JSON.stringify(request),
    signal,
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

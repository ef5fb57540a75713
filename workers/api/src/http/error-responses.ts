import { z } from 'zod';

/** The one error shape of every 4xx and 5xx (core/errors.ts errorBody). */
export const ErrorBody = z.object({
  error: z.object({ status: z.number().int(), code: z.string(), message: z.string() }),
});

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad request: a query, path or header value is wrong, or the request breaks a rule.',
  401: 'No valid access token (WWW-Authenticate: Bearer).',
  403: 'The caller may not do this.',
  404: 'Not found.',
  409: 'Conflict with the current state.',
  413: 'The body, or a part of it, is too large.',
  415: 'The body is not of the declared media type.',
  422: 'The JSON body has the wrong shape; the message names the field.',
  426: 'Upgrade required: this endpoint is a WebSocket.',
  429: 'Rate limited (Retry-After).',
  500: 'Something went wrong on our side.',
  503: 'A dependency is unavailable (Retry-After).',
};

export type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS & number;

/** OpenAPI responses in the error shape for the given statuses. */
export function errors(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: ERROR_DESCRIPTIONS[status] ?? `Error ${status}.`, content: { 'application/json': { schema: ErrorBody } } },
    ]),
  );
}

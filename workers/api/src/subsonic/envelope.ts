import { SubsonicCode, type SubsonicError } from './errors.ts';
import { xmlDocument } from './xml.ts';

/** The Subsonic API version Encore speaks, and the OpenSubsonic fields every answer carries. */
export const SUBSONIC_API_VERSION = '1.16.1';
export const SERVER_TYPE = 'encore';
export const SERVER_VERSION = '1.0.0';
const XML_NAMESPACE = 'http://subsonic.org/restapi';

export type Format = 'json' | 'xml';
export type Payload = Record<string, unknown>;

/** `f=json` answers JSON; anything else (absent, `xml`, or `jsonp` which we do not serve) XML, the protocol's default. */
export const formatOf = (f: string | undefined): Format => (f === 'json' ? 'json' : 'xml');

function envelope(status: 'ok' | 'failed', payload: Payload) {
  return { status, version: SUBSONIC_API_VERSION, type: SERVER_TYPE, serverVersion: SERVER_VERSION, openSubsonic: true, ...payload };
}

function render(format: Format, body: Payload): Response {
  if (format === 'json') return Response.json({ 'subsonic-response': body });
  return new Response(xmlDocument('subsonic-response', body, XML_NAMESPACE), { headers: { 'Content-Type': 'text/xml; charset=utf-8' } });
}

export const okResponse = (format: Format, payload: Payload = {}) => render(format, envelope('ok', payload));

/** Errors are HTTP 200 with `status: "failed"`, as every Subsonic client expects. */
export const failedResponse = (format: Format, err: SubsonicError, helpUrl?: string) =>
  render(format, envelope('failed', { error: { code: err.code, message: err.message, ...(helpUrl ? { helpUrl } : {}) } }));

export const genericFailure = (format: Format) =>
  render(format, envelope('failed', { error: { code: SubsonicCode.generic, message: 'Something went wrong on our side.' } }));

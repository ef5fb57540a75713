import { describe, expect, it } from 'vitest';
import { DomainError, ServiceUnavailable, Unprocessable } from '#core/errors.ts';
import { settle, unwrap } from '#core/rpc-result.ts';

/** The one Durable Object RPC answer: the object settles, the caller unwraps (both objects, every caller). */
describe('RpcResult', () => {
  it('passes a value through settle and unwrap', async () => {
    expect(unwrap(await settle(() => ({ snapshot_id: 's1' })))).toEqual({ snapshot_id: 's1' });
  });

  it('rethrows a domain error as a DomainError with its status, code, message and headers (Retry-After survives RPC)', async () => {
    const result = await settle(() => {
      throw new ServiceUnavailable('Try again shortly.', 5, 'playlist_copy_unavailable');
    });
    // What crosses RPC is plain data (structured clone), not the class.
    expect(structuredClone(result)).toEqual({
      ok: false,
      error: { status: 503, code: 'playlist_copy_unavailable', message: 'Try again shortly.', headers: { 'Retry-After': '5' } },
    });
    const thrown = (() => {
      try {
        unwrap(structuredClone(result));
      } catch (err) {
        return err;
      }
    })();
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({ status: 503, code: 'playlist_copy_unavailable', message: 'Try again shortly.', headers: { 'Retry-After': '5' } });
  });

  it('leaves headers out when the error has none', async () => {
    const result = await settle(() => {
      throw new Unprocessable('No track.', 'unknown_track');
    });
    expect(result).toEqual({ ok: false, error: { status: 422, code: 'unknown_track', message: 'No track.' } });
  });

  it('lets anything but a domain error crash', async () => {
    await expect(settle(() => Promise.reject(new TypeError('bug')))).rejects.toThrow(TypeError);
  });
});

import { describe, expect, it } from 'vitest';
import { withinDeadline } from '#core/within-deadline.ts';

describe('withinDeadline', () => {
  it('answers with every task that finished; one that hangs or throws gives undefined and is reported, without holding up the rest', async () => {
    const missed: [number, string][] = [];
    const results = await withinDeadline<string>(
      [async () => 'first', () => new Promise<string>(() => {}), async () => Promise.reject(new Error('broken')), async () => 'last'],
      50,
      (index, reason) => missed.push([index, reason]),
    );
    expect(results).toEqual(['first', undefined, undefined, 'last']);
    expect(missed.sort()).toEqual([
      [1, 'no answer within 50 ms'],
      [2, 'broken'],
    ]);
  });
});

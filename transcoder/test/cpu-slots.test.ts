import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CpuSlots } from '../src/cpu-slots.ts';

/** Tasks that record how many of them run at once; each finishes after a few turns of the event loop. */
function tracker() {
  let running = 0;
  let peak = 0;
  const order: string[] = [];
  const task = (name: string, turns: number) => async (): Promise<string> => {
    order.push(name);
    running += 1;
    peak = Math.max(peak, running);
    for (let i = 0; i < turns; i += 1) await nextTurn();
    running -= 1;
    return name;
  };
  return { task, order, peak: () => peak, running: () => running };
}

describe('CpuSlots', () => {
  it('never runs more tasks than it has slots, across an album of jobs, and finishes them all', async () => {
    const cpu = new CpuSlots(2);
    const t = tracker();
    const signal = new AbortController().signal;
    // Twelve jobs of three rungs of unequal length, all submitted at once.
    const jobs = Array.from({ length: 12 }, (_, job) =>
      cpu.runAll(
        [3, 2, 1].map((turns, rung) => t.task(`job${job}-rung${rung}`, turns)),
        signal,
      ),
    );
    const results = await Promise.all(jobs);
    expect(results).toEqual(Array.from({ length: 12 }, (_, job) => [0, 1, 2].map((rung) => `job${job}-rung${rung}`)));
    expect(t.peak()).toBe(2);
    expect(t.running()).toBe(0);
    expect(cpu.waiting).toBe(0);
    // Granted in request order: a job's processes before the next job's, in the order it listed them.
    expect(t.order).toEqual(results.flat());
  });

  it('lets a later job use a slot while an earlier one still runs its slowest rung', async () => {
    const cpu = new CpuSlots(2);
    const t = tracker();
    const signal = new AbortController().signal;
    const first = cpu.runAll([t.task('a-slow', 20), t.task('a-fast', 1)], signal);
    const second = cpu.runAll([t.task('b', 1)], signal);
    await second;
    expect(t.order).toEqual(['a-slow', 'a-fast', 'b']);
    expect(t.running()).toBe(1);
    await first;
  });

  it('on a failure aborts the job’s other tasks, waits for them to stop, and rethrows the first error', async () => {
    const cpu = new CpuSlots(1);
    const stopped: string[] = [];
    const outcome = cpu
      .runAll<string>(
        [
          async () => {
            await nextTurn();
            throw new Error('rung 0 failed');
          },
          async (signal) => {
            // Queued behind the failing task: aborted before it gets the slot.
            stopped.push(signal.aborted ? 'never started' : 'started');
            return 'late';
          },
        ],
        new AbortController().signal,
      )
      .catch((error: Error) => error.message);
    expect(await outcome).toBe('rung 0 failed');
    expect(stopped).toEqual([]);
    expect(cpu.waiting).toBe(0);
    // The slot is free again.
    expect(await cpu.run(async () => 'next', new AbortController().signal)).toBe('next');
  });

  it('rejects with the caller’s reason when the job is cancelled, running tasks included', async () => {
    const cpu = new CpuSlots(1);
    const cancel = new AbortController();
    let sawAbort = false;
    const outcome = cpu
      .runAll(
        [
          async (signal) => {
            await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
            sawAbort = true;
            throw signal.reason;
          },
          async () => 'queued',
        ],
        cancel.signal,
      )
      .catch((error: Error) => error.message);
    await nextTurn();
    cancel.abort(new Error('caller hung up'));
    expect(await outcome).toBe('caller hung up');
    expect(sawAbort).toBe(true);
    expect(cpu.waiting).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { Semaphore } from '../src/semaphore.ts';

describe('Semaphore', () => {
  it('lets `size` holders in and queues the rest in order', async () => {
    const slots = new Semaphore(1);
    const order: string[] = [];
    const releaseA = await slots.acquire();
    const acquireAs = (name: string) =>
      slots.acquire().then((release) => {
        order.push(name);
        return release;
      });
    const b = acquireAs('b');
    const c = acquireAs('c');
    expect(slots.waiting).toBe(2);
    releaseA();
    (await b)();
    (await c)();
    expect(order).toEqual(['b', 'c']);
    // Releasing twice must not create a second slot.
    releaseA();
    await slots.acquire();
    expect(slots.waiting).toBe(0);
    let third = false;
    void slots.acquire().then(() => (third = true));
    await Promise.resolve();
    expect(third).toBe(false);
  });

  it('drops a waiter whose signal aborts, without losing the slot', async () => {
    const slots = new Semaphore(1);
    const release = await slots.acquire();
    const cancel = new AbortController();
    const waiting = slots.acquire(cancel.signal);
    cancel.abort(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    expect(slots.waiting).toBe(0);
    release();
    const again = await slots.acquire();
    expect(typeof again).toBe('function');
  });
});

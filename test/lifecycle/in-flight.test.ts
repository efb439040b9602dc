import { InFlight } from '../../src/lifecycle/in-flight';
import { settleWithin } from '../../src/lifecycle/settle-within';

describe('InFlight', () => {
  test('drain waits for work in flight, and for work that work starts', async () => {
    const inFlight = new InFlight();
    const order: string[] = [];
    void inFlight.track(
      new Promise<void>((resolve) =>
        setTimeout(() => {
          order.push('first');
          void inFlight.track(
            new Promise<void>((r) =>
              setTimeout(() => {
                order.push('second');
                r();
              }, 10),
            ),
          );
          resolve();
        }, 10),
      ),
    );
    expect(await inFlight.drain(1_000)).toBe(true);
    expect(order).toEqual(['first', 'second']);
    expect(inFlight.size).toBe(0);
  });

  test('drain gives up at its bound, and a failure counts as finished', async () => {
    const inFlight = new InFlight();
    void inFlight.track(new Promise(() => undefined)).catch(() => undefined);
    expect(await inFlight.drain(30)).toBe(false);
    const failing = new InFlight();
    void failing.track(Promise.reject(new Error('x'))).catch(() => undefined);
    expect(await failing.drain(100)).toBe(true);
  });
});

describe('settleWithin', () => {
  test('true when the work settles in time, rejected or not; false when it does not', async () => {
    expect(await settleWithin(Promise.resolve(), 50)).toBe(true);
    expect(await settleWithin(Promise.reject(new Error('x')), 50)).toBe(true);
    expect(await settleWithin(new Promise(() => undefined), 20)).toBe(false);
  });
});

import { CallBatch } from '../../src/store/call-batch';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** A batch whose calls are recorded, each item answered with its double. */
function recorded(gatherMs: number) {
  const calls: number[][] = [];
  const batch = new CallBatch<number, number>(async (items) => {
    calls.push([...items]);
    return items.map((item) => item * 2);
  }, gatherMs);
  return { calls, batch };
}

describe('CallBatch', () => {
  test('what is asked within the gathering time goes in one call, and each hears its own outcome', async () => {
    const { calls, batch } = recorded(5);
    expect(await Promise.all([1, 2, 3].map((item) => batch.add(item)))).toEqual([2, 4, 6]);
    expect(calls).toEqual([[1, 2, 3]]);
  });

  test('what is asked after the gathering time ended goes in a call of its own', async () => {
    const { calls, batch } = recorded(5);
    const first = batch.add(1);
    await first;
    const second = batch.add(2);
    expect(await Promise.all([first, second])).toEqual([2, 4]);
    expect(calls).toEqual([[1], [2]]);
  });

  test('with a gathering time, what is asked turns apart within it goes in one call', async () => {
    const { calls, batch } = recorded(50);
    const outcomes: Promise<number | undefined>[] = [];
    for (const item of [1, 2, 3]) {
      outcomes.push(batch.add(item));
      await nextTurn();
    }
    expect(await Promise.all(outcomes)).toEqual([2, 4, 6]);
    expect(calls).toEqual([[1, 2, 3]]);
  });

  test('a failed call fails every item in it, and the next call starts afresh', async () => {
    let fail = true;
    const batch = new CallBatch<number, number>(async (items) => {
      if (fail) throw new Error('Redis is away');
      return items;
    }, 1);
    const results = await Promise.allSettled([batch.add(1), batch.add(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await batch.add(3)).toBe(3);
  });
});

import { LatestWins } from '../../src/lifecycle/latest-wins';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('LatestWins', () => {
  test('a burst while one run is in flight becomes one more run, with the newest value', async () => {
    const ran: number[] = [];
    const first = gate();
    const latest = new LatestWins<number>(
      async (n) => {
        ran.push(n);
        if (n === 1) await first.opened;
      },
      (a, b) => a >= b,
    );
    const calls = [latest.run('k', 1), latest.run('k', 3), latest.run('k', 2), latest.run('k', 4)];
    first.open();
    await Promise.all(calls);
    expect(ran).toEqual([1, 4]);
  });

  test('keys run side by side; an older value never replaces a newer one', async () => {
    const ran: string[] = [];
    const hold = gate();
    const latest = new LatestWins<number>(
      async (n) => {
        ran.push(String(n));
        await hold.opened;
      },
      (a, b) => a >= b,
    );
    const calls = [latest.run('a', 1), latest.run('b', 10), latest.run('a', 5), latest.run('a', 2)];
    expect(ran).toEqual(['1', '10']);
    hold.open();
    await Promise.all(calls);
    expect(ran).toEqual(['1', '10', '5']);
  });

  test('a failed run fails every caller it stood for, and the next call runs afresh', async () => {
    let fail = true;
    const hold = gate();
    const latest = new LatestWins<number>(async (n) => {
      if (n === 1) await hold.opened;
      if (fail && n > 1) throw new Error('Slack is away');
    });
    const first = latest.run('k', 1);
    const second = latest.run('k', 2);
    const third = latest.run('k', 3);
    hold.open();
    await expect(first).resolves.toBeUndefined();
    await expect(second).rejects.toThrow('Slack is away');
    await expect(third).rejects.toThrow('Slack is away');
    fail = false;
    await expect(latest.run('k', 4)).resolves.toBeUndefined();
  });
});

/** Runs `a` and `b` in `rounds` rounds, alternating which goes first, so drift hurts neither. */
export async function interleaved(rounds: number, a: (round: number) => Promise<void>, b: (round: number) => Promise<void>): Promise<void> {
  for (let round = 0; round < rounds; round += 1) {
    if (round % 2 === 0) {
      await a(round);
      await b(round);
    } else {
      await b(round);
      await a(round);
    }
  }
}

export async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * One burst from each floor and one from Hotwash, close together, so that a slow moment of the
 * shared host (they last seconds) falls on all of them rather than on one side's whole round. In
 * even rounds the floors go first and Hotwash last; in odd rounds Hotwash goes first, and the
 * floors, in the other order, once its work after the burst is done (`settle`). A short pause
 * (`gapMs`) between bursts lets the process before finish what it does after a burst (V8 collects
 * in idle time): back to back, a burst right after another read slower. `hotwash` includes
 * waiting for its work to show (notes visible, channels opened).
 */
export async function sideBySide<T>(
  round: number,
  settle: () => Promise<void>,
  floors: (() => Promise<number[]>)[],
  hotwash: () => Promise<T>,
  gapMs = Number(process.env.BENCH_GAP_MS ?? 300),
): Promise<{ floors: number[][]; hotwash: T }> {
  const gap = () => new Promise((resolve) => setTimeout(resolve, gapMs));
  const runFloors = async (order: number[]) => {
    const acks: number[][] = [];
    for (const [n, i] of order.entries()) {
      if (n > 0) await gap();
      acks[i] = await floors[i]!();
    }
    return acks;
  };
  const order = floors.map((_, i) => i);
  await settle();
  if (round % 2 === 0) {
    const floorAcks = await runFloors(order);
    await gap();
    return { floors: floorAcks, hotwash: await hotwash() };
  }
  const hotwashResult = await hotwash();
  await settle();
  return { floors: await runFloors(order.reverse()), hotwash: hotwashResult };
}

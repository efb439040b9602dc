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
 * One burst from each program, side by side: each from idle (`settle`: Hotwash's work after its
 * burst done, and the machine quiet a moment), in an order that rotates with the round, so that
 * every program comes first, second and last equally often. Close together, a slow moment of the
 * shared host (they last seconds) falls on all of them rather than on one side's round, and no
 * program's place in the order weighs on its reading.
 */
export async function sideBySide<T>(round: number, settle: () => Promise<void>, programs: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  for (let n = 0; n < programs.length; n += 1) {
    const i = (round + n) % programs.length;
    await settle();
    results[i] = await programs[i]!();
  }
  return results;
}

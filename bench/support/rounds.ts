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

import type { ThrowawayRedis } from './redis-server';

/** Long enough for the short timers libraries leave behind to run out; far short of CI's limit. */
const LINGER_LIMIT_MS = 30_000;

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __hotwashRedis?: ThrowawayRedis }).__hotwashRedis?.destroy();
  // On a two-core machine jest runs the tests in its own process, so whatever a test leaves
  // running keeps jest up after the run, and CI would wait until its own time limit. Should that
  // happen, say what is still running and fail now: a leak is a defect to fix, not to wait out.
  setTimeout(() => {
    process.stderr.write(
      `\nThe test process is still up ${LINGER_LIMIT_MS / 1000} s after the last test, held by: ` +
        `${process.getActiveResourcesInfo().join(', ')}. Something a test started was never stopped.\n`,
    );
    process.exit(1);
  }, LINGER_LIMIT_MS).unref();
}

import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** Busy and total CPU time of the whole machine so far (jiffies, from /proc/stat's first line). */
function cpuTimes(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal …: idle and iowait are the machine waiting.
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - fields[3]! - fields[4]!, total };
}

/**
 * Waits until the whole machine has been quiet (under `maxBusy` of its cores busy) for
 * `windowMs`, or `timeoutMs` has passed: a figure starts on a machine that has finished the last
 * one (its children's exits, Redis freeing their keys, the bench's own collection), so that
 * what it measures is its own work. Returns how long it waited and the last window's load.
 */
export async function machineQuiet(maxBusy = 0.15, timeoutMs = 20_000, windowMs = 500): Promise<{ waitedMs: number; busy: number }> {
  const started = Date.now();
  let before = cpuTimes();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const now = cpuTimes();
    const busy = now.total > before.total ? (now.busy - before.busy) / (now.total - before.total) : 0;
    before = now;
    const waitedMs = Date.now() - started;
    if (busy <= maxBusy || waitedMs >= timeoutMs) {
      if (process.env.BENCH_VERBOSE && windowMs >= 500)
        console.error(`  machine ${Math.round(busy * 100)}% busy (${cpus().length} cores) after ${waitedMs} ms`);
      return { waitedMs, busy };
    }
  }
}

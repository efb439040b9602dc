import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface MemoryReturnOptions {
  /** How often to look (ms). */
  everyMs?: number;
  /** Heap (committed) above which, once quiet, memory is given back (bytes). */
  heapAboveBytes?: number;
  /** Event-loop utilisation under which the process counts as quiet, over one look. */
  quietBelow?: number;
  /** Quiet looks in a row before collecting: a pause between two bursts is not their end. */
  quietLooks?: number;
  /** Told after each collection: the heap before and after (bytes), and how long it held the event loop (ms). */
  onReturned?: (before: number, after: number, pauseMs: number) => void;
  /** The heap's committed size now (tests give their own). */
  heapTotal?: () => number;
  /** A full collection (tests give their own). */
  collect?: () => void;
  /** A collection of the young generation only (tests give their own). */
  collectYoung?: () => void;
  /** The event loop's utilisation since the last call, 0 to 1 (tests give their own). */
  loopUtilization?: () => number;
}

const DEFAULTS = { everyMs: 1_000, heapAboveBytes: 96 * 1024 * 1024, quietBelow: 0.05, quietLooks: 5 };

/**
 * Gives memory back once a burst is over. An incident storm (a thousand declarations and
 * closes, a long postmortem) grows V8's heap to four times what Hotwash keeps alive; V8 keeps
 * that heap until its memory reducer sees the process idle, which here took 20 to 30 s,
 * because a pager is never quite idle (sweeps, queue polls, scrapes). So, once a second: when
 * the heap is above `heapAboveBytes` and the event loop was almost idle for `quietLooks` looks
 * in a row, one full collection that compacts the heap and returns its empty pages. A young
 * collection at the first quiet look marks where the burst ended, so that at the full one V8
 * may read a low allocation rate and also shrink the young generation it grew for the burst
 * (it does not always: Node offers no memory-reducing collection, only these two).
 *
 * The full collection holds the event loop for 50 to 100 ms (a heap of 200 MB), once per storm.
 * Five quiet seconds first make it unlikely that anyone is waiting: a pause between two bursts
 * of an incident is shorter. When what is alive is itself large, the bar rises to twice that,
 * so it does not collect in a loop.
 */
export class MemoryReturn {
  private timer: NodeJS.Timeout | undefined;
  private bar: number;
  private quiet = 0;
  private readonly options: Required<Omit<MemoryReturnOptions, 'onReturned'>> & Pick<MemoryReturnOptions, 'onReturned'>;

  constructor(options: MemoryReturnOptions = {}) {
    this.options = {
      ...DEFAULTS,
      heapTotal: () => process.memoryUsage().heapTotal,
      ...v8Collections(),
      loopUtilization: utilizationSinceLastCall(),
      ...options,
    };
    this.bar = this.options.heapAboveBytes;
  }

  start(): void {
    this.timer = setInterval(() => this.look(), this.options.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One look: collects when the heap is over the bar and the loop was quiet long enough. Returns whether it collected. */
  look(): boolean {
    this.quiet = this.options.loopUtilization() < this.options.quietBelow ? this.quiet + 1 : 0;
    const before = this.options.heapTotal();
    if (before <= this.bar || this.quiet === 0) return false;
    // The first quiet second: a young collection (a millisecond or two) marks where the burst
    // ended, so that V8 reads a low allocation rate at the full one and shrinks the young generation.
    if (this.quiet === 1) this.options.collectYoung();
    if (this.quiet < this.options.quietLooks) return false;
    this.collect(before);
    return true;
  }

  private collect(before: number): void {
    const started = performance.now();
    this.options.collect();
    const pauseMs = performance.now() - started;
    const after = this.options.heapTotal();
    this.bar = Math.max(this.options.heapAboveBytes, 2 * after);
    this.options.onReturned?.(before, after, pauseMs);
  }
}

function utilizationSinceLastCall(): () => number {
  let last = performance.eventLoopUtilization();
  return () => {
    const since = performance.eventLoopUtilization(last);
    last = performance.eventLoopUtilization();
    return since.utilization;
  };
}

/**
 * V8's collections, without starting Node with --expose-gc: the flag, set now, installs `gc` in
 * contexts made from now on. (Node warns that flags set late may behave unpredictably; these add
 * a function and choose how one collection compacts.) The full one compacts every page.
 */
export function v8Collections(): { collect: () => void; collectYoung: () => void } {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc !== 'function') return { collect: () => undefined, collectYoung: () => undefined };
  return {
    collect: () => {
      // A plain full collection frees the garbage but compacts only the emptiest pages, so the
      // heap stays as large as it grew; compacting them all is what returns the memory.
      setFlagsFromString('--compact-on-every-full-gc');
      try {
        gc();
      } finally {
        setFlagsFromString('--no-compact-on-every-full-gc');
      }
    },
    collectYoung: () => gc({ type: 'minor' }),
  };
}

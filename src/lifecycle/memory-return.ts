import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { utilizationSinceLastCall, youngGeneration } from './heap-readings';

export interface MemoryReturnOptions {
  /** How often to look (ms). */
  everyMs?: number;
  /** Heap (committed) above which, once quiet, memory is given back (bytes). */
  heapAboveBytes?: number;
  /** Event-loop utilisation under which the process counts as quiet, over one look. */
  quietBelow?: number;
  /** Quiet looks in a row before collecting: a pause between two bursts is not their end. */
  quietLooks?: number;
  /** Young generation (committed) above which a collection is followed by one more, once quiet (bytes). */
  youngAboveBytes?: number;
  /** Quiet looks in a row after a collection before that one more. */
  followUpLooks?: number;
  /** Told after each collection: the heap before and after (bytes), and how long it held the event loop (ms). */
  onReturned?: (before: number, after: number, pauseMs: number) => void;
  /** The heap's committed size now (tests give their own). */
  heapTotal?: () => number;
  /** A full collection (tests give their own). */
  collect?: () => void;
  /** A collection of the young generation only (tests give their own). */
  collectYoung?: () => void;
  /** The young generation's committed size now (tests give their own). */
  youngTotal?: () => number;
  /** The event loop's utilisation since the last call, 0 to 1 (tests give their own). */
  loopUtilization?: () => number;
  /** How long since someone last asked something (ms): a look is quiet only if nobody did since the last one. */
  msSinceLastRequest?: () => number;
}

const DEFAULTS = { everyMs: 1_000, heapAboveBytes: 128 * 1024 * 1024, quietBelow: 0.1, quietLooks: 3, youngAboveBytes: 8 * 1024 * 1024, followUpLooks: 3 };

/**
 * Gives memory back once a burst is over. An incident storm (a thousand declarations and
 * closes, a long postmortem) grows V8's heap to four times what Hotwash keeps alive; V8 keeps
 * that heap until its memory reducer sees the process idle, which here took 20 to 30 s,
 * because a pager is never quite idle (sweeps, queue polls, scrapes). So, once a second: when
 * the heap is above `heapAboveBytes` and the event loop was under a tenth busy for `quietLooks`
 * looks in a row, one full collection that compacts the heap and returns its empty pages (a
 * young collection at the first quiet look marks where the burst ended).
 *
 * That leaves the young generation V8 grew for the burst (32 MB): V8 shrinks it only at a
 * collection that finds little allocated since the collections before, which the storm's tail
 * still spoils. So when it is still above `youngAboveBytes`, one more full collection follows
 * after `followUpLooks` quiet looks; on a heap just compacted it is short, and it shrinks the
 * young generation (measured: 148-151 MB after the first, 116-134 MB after the second). V8
 * judges "little allocated" over its last 5 s of collections: three looks after the first, with
 * the quiet looks before it, are enough (the young generation shrank in each of the four bench
 * runs where the second came; 5 looks, the earlier setting, put it past 9 s after the storm).
 *
 * The first full collection holds the event loop for 50 to 100 ms (a heap of 200 MB), once per
 * storm. Three seconds in a row under a tenth busy and without a request first make it unlikely
 * that anyone is waiting: a pause between two bursts of an incident is shorter. Utilisation alone
 * cannot tell: a hundred light commands a second keep the loop only 3% busy, and the tail of a
 * storm keeps it 4 to 7% busy for seconds (a bar of 5% waited that out, past issue 14's 10 s).
 * The bar (128 MB) sits above what ordinary busy minutes grow the heap to: a hundred people
 * typing into incidents at once, again and again, took it to 90-100 MB, and with a bar of 96 MB a
 * 46 ms compaction came between two of their bursts. Those V8's own reducer gives back later.
 * When what is alive is itself large, the bar rises to twice that, so it does not collect in a
 * loop; the follow-up comes once per storm.
 */
export class MemoryReturn {
  private timer: NodeJS.Timeout | undefined;
  private bar: number;
  private quiet = 0;
  /** Quiet looks in a row since the last collection, while a follow-up is due; undefined when none is. */
  private followUp: number | undefined;
  private readonly options: Required<Omit<MemoryReturnOptions, 'onReturned'>> & Pick<MemoryReturnOptions, 'onReturned'>;

  constructor(options: MemoryReturnOptions = {}) {
    this.options = {
      ...DEFAULTS,
      heapTotal: () => process.memoryUsage().heapTotal,
      youngTotal: () => youngGeneration().size,
      ...v8Collections(),
      loopUtilization: utilizationSinceLastCall(),
      msSinceLastRequest: () => Number.POSITIVE_INFINITY,
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
    const quiet = this.options.loopUtilization() < this.options.quietBelow && this.options.msSinceLastRequest() >= this.options.everyMs;
    this.quiet = quiet ? this.quiet + 1 : 0;
    if (this.followUp !== undefined) this.followUp = quiet ? this.followUp + 1 : 0;
    const before = this.options.heapTotal();
    if (this.quiet === 0) return false;
    if (before > this.bar) {
      // The first quiet second: a young collection (a millisecond or two) marks where the burst ended.
      if (this.quiet === 1) this.options.collectYoung();
      if (this.quiet < this.options.quietLooks) return false;
      this.collect(before);
      this.followUp = this.options.youngTotal() > this.options.youngAboveBytes ? 0 : undefined;
      return true;
    }
    if (this.followUp === undefined || this.followUp < this.options.followUpLooks) return false;
    this.followUp = undefined;
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

/**
 * V8's collections, without starting Node with --expose-gc: the flag, set now, installs `gc` in
 * contexts made from now on. (Node warns that flags set late may behave unpredictably; these add
 * a function and choose how one collection compacts.) The full one compacts every page.
 */
export function v8Collections(): { collect: () => void; collectYoung: () => void; collectOld: () => void } {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc !== 'function') return { collect: () => undefined, collectYoung: () => undefined, collectOld: () => undefined };
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
    collectOld: () => gc({ type: 'major' }),
  };
}

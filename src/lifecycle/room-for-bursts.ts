import { oldGenerationUsed, utilizationSinceLastCall, youngGeneration } from './heap-readings';
import { v8Collections } from './memory-return';

export interface RoomForBurstsOptions {
  /** How often to look (ms). */
  everyMs?: number;
  /** How long without a request counts as between bursts (ms). */
  idleForMs?: number;
  /** Event-loop utilisation under which a look counts as idle, over the time since the last look. */
  quietBelow?: number;
  /** What the young generation may hold, between bursts, before it is collected (bytes). */
  youngAboveBytes?: number;
  /** What the young generation holds now (tests give their own). */
  youngUsed?: () => number;
  /** A collection of the young generation only (tests give their own). */
  collectYoung?: () => void;
  /** How much the old generation may grow, from its smallest since the last full collection, before one between bursts (bytes). */
  oldGrowthAboveBytes?: number;
  /** What the old generation holds now (tests give their own). */
  oldUsed?: () => number;
  /** A full collection, which empties the young generation too (tests give their own). */
  collectOld?: () => void;
  /** Idle looks in a row before a full collection: the work a burst leaves (posting, pinning) waits on Slack with the loop nearly idle, and still allocates. */
  oldAfterIdleLooks?: number;
  /** The event loop's utilisation since the last call, 0 to 1 (tests give their own). */
  loopUtilization?: () => number;
  /** How long since someone last asked something (ms). */
  msSinceLastRequest?: () => number;
}

const MB = 1024 * 1024;
const DEFAULTS = { everyMs: 100, idleForMs: 200, quietBelow: 0.05, youngAboveBytes: 2 * MB, oldGrowthAboveBytes: 8 * MB, oldAfterIdleLooks: 3 };

/**
 * Collects between bursts, so that the next burst starts with room for what it allocates. V8
 * collects when a generation is nearly full, whenever that is: with what the last burst left
 * behind, that moment falls inside the next burst, while a hundred requests wait for their
 * acknowledgement and all their objects are alive. Measured in bursts of a hundred notes: a young
 * collection of 4 to 14 ms once or twice in most bursts, and every few bursts a full one (5 to
 * 10 ms on the event loop, its marking on the other core meanwhile). Between bursts the young
 * collection finds little alive and takes a millisecond or two; the full one takes what it takes,
 * with nobody waiting. The work after a burst (posting, pinning, the summary) is what fills the
 * old generation, so a full collection comes once it has grown by `oldGrowthAboveBytes`, and only
 * after `oldAfterIdleLooks` idle looks: that work waits on Slack with the loop nearly idle and
 * still allocates, and a collection in its middle would miss what it is still building. (Counted
 * in bursts of a hundred notes, a collection still came in 2 of 62 with 16 MB after one look and
 * in 3 of 62 with these settings: no difference the bench can tell.)
 */
export class RoomForBursts {
  private timer: NodeJS.Timeout | undefined;
  private readonly options: Required<RoomForBurstsOptions>;
  private oldBaseline = Number.POSITIVE_INFINITY;
  private idleLooks = 0;

  constructor(options: RoomForBurstsOptions = {}) {
    const { collectYoung, collectOld } = v8Collections();
    this.options = {
      ...DEFAULTS,
      youngUsed: () => youngGeneration().used,
      collectYoung,
      collectOld,
      oldUsed: oldGenerationUsed,
      loopUtilization: utilizationSinceLastCall(),
      msSinceLastRequest: () => Number.POSITIVE_INFINITY,
      ...options,
    };
  }

  start(): void {
    this.timer = setInterval(() => this.look(), this.options.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /**
   * One look: when nobody is waiting, a full collection if the old generation has grown enough,
   * else a young one if the young generation holds enough. Returns which it made, if any.
   */
  look(): 'old' | 'young' | undefined {
    const old = this.options.oldUsed();
    // A collection of V8's own shrinks it too: growth counts from the smallest seen since.
    this.oldBaseline = Math.min(this.oldBaseline, old);
    const idle = this.options.loopUtilization() < this.options.quietBelow && this.options.msSinceLastRequest() >= this.options.idleForMs;
    this.idleLooks = idle ? this.idleLooks + 1 : 0;
    if (!idle) return undefined;
    if (this.idleLooks >= this.options.oldAfterIdleLooks && old - this.oldBaseline > this.options.oldGrowthAboveBytes) {
      this.options.collectOld();
      this.oldBaseline = this.options.oldUsed();
      return 'old';
    }
    if (this.options.youngUsed() <= this.options.youngAboveBytes) return undefined;
    this.options.collectYoung();
    return 'young';
  }
}

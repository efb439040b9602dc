/**
 * Work that may wait a little, run a few at a time in the order it came: what a page promises
 * besides the page itself (direct messages, the summary) while a storm of pages is still being
 * sent, and the summary rewrites of commands while a burst's notes are still being posted. Each
 * task's own failures are its own business (the dispatcher records them); `drain` lets shutdown
 * finish what was started.
 */
export class BackgroundLane {
  private running = 0;
  private readonly waiting: { task: () => Promise<unknown>; since: number }[] = [];
  private idle: (() => void)[] = [];
  private overdueTimer: NodeJS.Timeout | undefined;

  /**
   * `mayStart`: whether a waiting task may start now (false while more urgent work runs); `poke()`
   * asks again. A task that has waited `maxWaitMs` starts anyway: under unbroken urgent work (a
   * busy incident while Slack is slow) a page's direct messages still go out.
   */
  constructor(
    private readonly concurrency = 8,
    private readonly mayStart: () => boolean = () => true,
    private readonly maxWaitMs = Number.POSITIVE_INFINITY,
  ) {}

  /** More urgent work ended: waiting tasks may start. */
  poke(): void {
    this.next();
  }

  get size(): number {
    return this.running + this.waiting.length;
  }

  run(task: () => Promise<unknown>): void {
    this.waiting.push({ task, since: performance.now() });
    this.next();
  }

  /** Resolves true once every task has finished, or false after `ms`. */
  drain(ms: number): Promise<boolean> {
    if (this.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private next(): void {
    while (this.running < this.concurrency && this.waiting.length > 0 && (this.overdue() || this.mayStart())) {
      const { task } = this.waiting.shift()!;
      this.running += 1;
      void task()
        .catch(() => undefined)
        .finally(() => {
          this.running -= 1;
          this.next();
          if (this.size === 0) for (const wake of this.idle.splice(0)) wake();
        });
    }
    this.wakeWhenOverdue();
  }

  /** Whether the oldest waiting task has waited maxWaitMs. */
  private overdue(): boolean {
    const oldest = this.waiting[0];
    return oldest !== undefined && performance.now() - oldest.since >= this.maxWaitMs;
  }

  /** Asks again when the oldest waiting task will have waited maxWaitMs, if nothing else asks first. */
  private wakeWhenOverdue(): void {
    const oldest = this.waiting[0];
    if (this.overdueTimer || !oldest || this.running >= this.concurrency || !Number.isFinite(this.maxWaitMs)) return;
    this.overdueTimer = setTimeout(
      () => {
        this.overdueTimer = undefined;
        this.next();
      },
      Math.max(0, oldest.since + this.maxWaitMs - performance.now()),
    );
    this.overdueTimer.unref();
  }
}

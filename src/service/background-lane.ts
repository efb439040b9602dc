/**
 * Work that may wait a little, run a few at a time in the order it came: what a page promises
 * besides the page itself (direct messages, the summary) while a storm of pages is still being
 * sent. Each task's own failures are its own business (the dispatcher records them); `drain`
 * lets shutdown finish what was started.
 */
export class BackgroundLane {
  private running = 0;
  private readonly waiting: (() => Promise<unknown>)[] = [];
  private idle: (() => void)[] = [];

  /** `mayStart`: whether a waiting task may start now (false while more urgent work runs); `poke()` asks again. */
  constructor(
    private readonly concurrency = 8,
    private readonly mayStart: () => boolean = () => true,
  ) {}

  /** More urgent work ended: waiting tasks may start. */
  poke(): void {
    this.next();
  }

  get size(): number {
    return this.running + this.waiting.length;
  }

  run(task: () => Promise<unknown>): void {
    this.waiting.push(task);
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
    while (this.running < this.concurrency && this.waiting.length > 0 && this.mayStart()) {
      const task = this.waiting.shift()!;
      this.running += 1;
      void task()
        .catch(() => undefined)
        .finally(() => {
          this.running -= 1;
          this.next();
          if (this.size === 0) for (const wake of this.idle.splice(0)) wake();
        });
    }
  }
}

import { settleWithin } from './settle-within';

/**
 * The work Hotwash is in the middle of. A command is acknowledged to Slack before its work is
 * done, so closing the HTTP server is not enough: shutdown waits here until that work is over.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  get size(): number {
    return this.running.size;
  }

  /** Keeps `work` in the set until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const forget = () => this.running.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** Waits for everything running now (and anything it starts) for at most `ms`; true when all finished. */
  async drain(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (this.running.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0 || !(await settleWithin(Promise.allSettled([...this.running]), left))) return false;
    }
    return true;
  }
}

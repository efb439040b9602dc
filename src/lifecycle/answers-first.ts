import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** How long without a new request counts as the end of a burst. */
const LULL_MS = 20;

/**
 * Requests received and not yet answered, so that work which can wait lets them go first.
 * Everything Hotwash does after acknowledging a command shares one event loop with the
 * acknowledgements still to send; in a burst (everyone typing at once, an alert storm) the work
 * of the first commands would otherwise hold up the answers to the last.
 */
export class AnswersFirst {
  private unanswered = 0;
  private lastArrival = 0;
  private lastPostAt = Number.NEGATIVE_INFINITY;
  private lullTimer: NodeJS.Timeout | undefined;
  private running = 0;
  private readonly slots: (() => void)[] = [];

  constructor(private readonly concurrency = 32) {}
  private readonly waiting = new Set<() => void>();

  /** Counts every request `server` receives until its answer is sent (or its connection drops). */
  watch(server: Server): void {
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      this.unanswered += 1;
      this.lastArrival = performance.now();
      if (request.method === 'POST') this.lastPostAt = this.lastArrival;
      let answered = false;
      const done = () => {
        if (answered) return;
        answered = true;
        this.unanswered -= 1;
        if (this.unanswered === 0) this.wakeWhenLull();
      };
      response.once('finish', done);
      response.once('close', done);
    });
  }

  /**
   * How long since someone last asked something (ms): a POST, which every Slack delivery and
   * alert is; health checks and scrapes are GETs and do not count.
   */
  msSinceLastPost(): number {
    return performance.now() - this.lastPostAt;
  }

  /**
   * Wakes the waiting work once no request awaits its answer and none arrived for LULL_MS: in a
   * burst, the next request is often still on its way in when the one before is answered.
   */
  private wakeWhenLull(): void {
    if (this.lullTimer) return;
    const check = () => {
      this.lullTimer = undefined;
      if (this.unanswered > 0) return;
      const since = performance.now() - this.lastArrival;
      if (since < LULL_MS) this.lullTimer = setTimeout(check, LULL_MS - since);
      else for (const wake of [...this.waiting]) wake();
    };
    check();
  }

  /**
   * Runs `work` once no request awaits its answer, with at most `concurrency` such works at once:
   * a request that arrives meanwhile waits behind a few works' next steps, not behind hundreds.
   */
  async defer<T>(work: () => Promise<T>): Promise<T> {
    await this.quiet();
    while (this.running >= this.concurrency) await new Promise<void>((resolve) => this.slots.push(resolve));
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
      this.slots.shift()?.();
    }
  }

  /** Resolves once no request awaits its answer (see wakeWhenLull), or after `maxWaitMs` under unbroken load. */
  quiet(maxWaitMs = 250): Promise<void> {
    if (this.unanswered === 0 && performance.now() - this.lastArrival >= LULL_MS) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, maxWaitMs);
      this.waiting.add(wake);
      if (this.unanswered === 0) this.wakeWhenLull();
    });
  }
}

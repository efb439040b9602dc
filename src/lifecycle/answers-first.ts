import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * Requests received and not yet answered, so that work which can wait lets them go first.
 * Everything Hotwash does after acknowledging a command shares one event loop with the
 * acknowledgements still to send; in a burst (everyone typing at once, an alert storm) the work
 * of the first commands would otherwise hold up the answers to the last.
 */
export class AnswersFirst {
  private unanswered = 0;
  private readonly waiting = new Set<() => void>();

  /** Counts every request `server` receives until its answer is sent (or its connection drops). */
  watch(server: Server): void {
    server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
      this.unanswered += 1;
      let answered = false;
      const done = () => {
        if (answered) return;
        answered = true;
        this.unanswered -= 1;
        if (this.unanswered === 0) for (const wake of [...this.waiting]) wake();
      };
      response.once('finish', done);
      response.once('close', done);
    });
  }

  /** Resolves once no request awaits its answer, or after `maxWaitMs` under unbroken load. */
  quiet(maxWaitMs = 250): Promise<void> {
    if (this.unanswered === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, maxWaitMs);
      this.waiting.add(wake);
    });
  }
}

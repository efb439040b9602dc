import { errorCode } from '../errors';
import type { Logger } from './logger';

/** Errors that say Redis is out of reach, whoever met them (a connection, a queue, a worker, a sweep). */
const UNREACHABLE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|Connection is closed|Stream isn't writeable|connect ETIMEDOUT|Command timed out|All sentinels are unreachable/i;

export function isRedisUnreachable(error: unknown): boolean {
  if (errorCode(error) === 'storage_unavailable') return true;
  return error instanceof Error && UNREACHABLE.test(error.message);
}

/**
 * Logs a Redis outage the way an operator wants to read it: one warning when it starts, one
 * summary a minute while it lasts, and one line when it ends, instead of a stack trace from every
 * connection, queue and sweep at every reconnection attempt.
 */
export class OutageLog {
  private since?: number;
  private errors = 0;
  private readonly sources = new Set<string>();
  private summaryTimer?: NodeJS.Timeout;

  constructor(
    private readonly logger: Logger,
    private readonly summaryEveryMs = 60_000,
  ) {}

  /** Something met Redis out of reach. */
  report(source: string, error: unknown): void {
    this.errors += 1;
    this.sources.add(source);
    if (this.since !== undefined) return;
    this.since = Date.now();
    this.logger.warn({ source, err: error }, `Redis is unreachable (${source}): ${error instanceof Error ? error.message : String(error)}`);
    this.summaryTimer = setInterval(() => this.summarize(), this.summaryEveryMs);
    this.summaryTimer.unref();
  }

  /** Redis answered again. */
  recovered(source: string): void {
    if (this.since === undefined) return;
    const seconds = Math.round((Date.now() - this.since) / 1000);
    this.logger.info({ source, errors: this.errors, outageSeconds: seconds }, `Redis is reachable again after ${seconds} s (${this.errors} errors meanwhile)`);
    this.reset();
  }

  stop(): void {
    this.reset();
  }

  private summarize(): void {
    if (this.since === undefined) return;
    const seconds = Math.round((Date.now() - this.since) / 1000);
    this.logger.warn(
      { errors: this.errors, outageSeconds: seconds, sources: [...this.sources].sort() },
      `Redis still unreachable after ${seconds} s (${this.errors} errors so far)`,
    );
  }

  private reset(): void {
    if (this.summaryTimer) clearInterval(this.summaryTimer);
    this.summaryTimer = undefined;
    this.since = undefined;
    this.errors = 0;
    this.sources.clear();
  }
}

import type { Redis } from 'ioredis';
import type { EventLedger } from '../ports/event-ledger';

/** Slack retries a delivery three times over about five minutes; an hour covers that with room to spare. */
export const EVENT_RETENTION_SECONDS = 60 * 60;

/** Event IDs in Redis (`<prefix>:event:<id>`), claimed with SET NX and forgotten after an hour. */
export class RedisEventLedger implements EventLedger {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly retentionSeconds = EVENT_RETENTION_SECONDS,
  ) {}

  async claim(eventId: string): Promise<boolean> {
    return (await this.redis.set(this.key(eventId), '1', 'EX', this.retentionSeconds, 'NX')) === 'OK';
  }

  async release(eventId: string): Promise<void> {
    await this.redis.del(this.key(eventId));
  }

  private key(eventId: string): string {
    return `${this.prefix}:event:${eventId}`;
  }
}

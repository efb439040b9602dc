import type { Redis } from 'ioredis';
import { StorageUnavailableError, StorageUnconfirmedError } from '../errors';

export interface ReplicaWaitOptions {
  /** How many replicas must hold a write before it is confirmed (REDIS_MIN_REPLICAS_ACK); 0 waits for none. */
  replicas: number;
  /** How long to wait for them (REDIS_WAIT_TIMEOUT_MS). */
  timeoutMs: number;
  /** Told when replicas did not confirm writes in time (once per WAIT, not per write). */
  onShortfall?: (acknowledged: number) => void;
}

/** After a shortfall, how long writes are refused before WAIT is tried again. */
const RETRY_AFTER_MS = 1_000;

/**
 * Replication before confirmation. The command journal's writes count only once a replica holds
 * them (WAIT): "received" must survive the primary's loss. An incident's change is delivered to
 * Slack at once only when a replica holds it; otherwise the recovery sweep delivers it later, from
 * whichever primary kept it, so a change lost in a failover is never shown (and its page, fired
 * again on the new primary, is not posted twice).
 *
 * WAIT blocks the connection it runs on and covers every write made on that connection before
 * it, so writers share it (group commit): one WAIT at a time, and every write that completed
 * before it was sent is confirmed by it. The journal has a connection of its own for this. When
 * no replica confirms in time, those writes are reported unconfirmed, and for a second after
 * that writes are refused before they are made, instead of queueing behind one timeout after
 * another (right after a failover that left no replica, typically).
 */
export class ReplicaWait {
  private retryAt = 0;
  private completedWrites = 0;
  private current?: { covers: number; result: Promise<number> };
  private queued?: Promise<number>;

  constructor(private readonly options: ReplicaWaitOptions | undefined) {}

  get enabled(): boolean {
    return (this.options?.replicas ?? 0) > 0;
  }

  /** Throws StorageUnavailableError when writes cannot be confirmed now: call before the write. */
  beforeWrite(): void {
    if (this.enabled && Date.now() < this.retryAt) {
      throw new StorageUnavailableError('No Redis replica is confirming writes (REDIS_MIN_REPLICAS_ACK).');
    }
  }

  /** After a write on `redis` completed: throws StorageUnconfirmedError unless enough replicas hold it. */
  async confirm(redis: Redis): Promise<void> {
    if (!(await this.settle(redis))) throw new StorageUnconfirmedError();
  }

  /**
   * After a write on `redis` completed: whether enough replicas hold it. Never throws; while no
   * replica has been answering (the second after a shortfall) it says false without waiting.
   */
  async settle(redis: Redis): Promise<boolean> {
    const options = this.options;
    if (!options || options.replicas <= 0) return true;
    if (Date.now() < this.retryAt) return false;
    this.completedWrites += 1;
    return (await this.waitCovering(redis, this.completedWrites)) >= options.replicas;
  }

  /** A WAIT sent after write number `write` completed: the one in flight if it covers it, else the next. */
  private waitCovering(redis: Redis, write: number): Promise<number> {
    if (this.current && this.current.covers >= write) return this.current.result;
    if (!this.current) return this.startWait(redis);
    this.queued ??= this.current.result.then(
      () => this.startWait(redis),
      () => this.startWait(redis),
    );
    return this.queued;
  }

  private startWait(redis: Redis): Promise<number> {
    const options = this.options!;
    this.queued = undefined;
    const result = redis
      .wait(options.replicas, options.timeoutMs)
      .catch(() => 0) // the writes happened on the primary; no answer counts as no replica
      .then((acknowledged) => {
        if (acknowledged < options.replicas) {
          this.retryAt = Date.now() + RETRY_AFTER_MS;
          options.onShortfall?.(acknowledged);
        }
        return acknowledged;
      })
      .finally(() => {
        if (this.current?.result === result) this.current = undefined;
      });
    this.current = { covers: this.completedWrites, result };
    return result;
  }
}

import type { OutboxEntry } from '../../../src/domain/side-effect';
import type { DeliveryRetries, EffectDelivery, Outbox } from '../../../src/ports/outbox';
import type { Incident } from '../../../src/domain/incident';

/** The Outbox port over the entries the in-memory store wrote with its changes. */
export class InMemoryOutbox implements Outbox {
  constructor(private readonly entries: Map<string, OutboxEntry>) {}

  async has(id: string): Promise<boolean> {
    return this.entries.has(id);
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    return this.entries.get(id);
  }

  async done(id: string): Promise<void> {
    this.entries.delete(id);
  }

  async claimOverdue(now: Date, _leaseMs: number, limit: number): Promise<OutboxEntry[]> {
    return [...this.entries.values()].filter((e) => e.createdAt <= now).slice(0, limit);
  }

  async backlog(): Promise<{ depth: number; oldestCreatedAt?: Date }> {
    const oldest = [...this.entries.values()][0];
    return { depth: this.entries.size, ...(oldest ? { oldestCreatedAt: oldest.createdAt } : {}) };
  }
}

/** An EffectDelivery that records what it was asked to deliver, and fails where told to. */
export class RecordingDelivery implements EffectDelivery {
  readonly delivered: OutboxEntry[] = [];
  readonly undeliverable: { entry: OutboxEntry; error: unknown }[] = [];
  /** Delivery of effects of this kind throws `error`. */
  readonly failures = new Map<string, unknown>();

  async deliver(entry: OutboxEntry, _incident: Incident): Promise<void> {
    const error = this.failures.get(entry.effect.kind);
    if (error !== undefined) throw error;
    this.delivered.push(entry);
  }

  async reportUndeliverable(entry: OutboxEntry, _incident: Incident, error: unknown): Promise<void> {
    this.undeliverable.push({ entry, error });
  }
}

/** Retries as a list of entries queued for later. */
export class RecordingRetries implements DeliveryRetries {
  readonly queued: OutboxEntry[] = [];

  async retryLater(entry: OutboxEntry): Promise<void> {
    this.queued.push(entry);
  }
}

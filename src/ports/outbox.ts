import type { Incident } from '../domain/incident';
import type { OutboxEntry } from '../domain/side-effect';

/**
 * Side effects recorded with the changes that promised them, until delivered. Entries are
 * written by the incident store in the same atomic step as their change; this port delivers,
 * retries and forgets them.
 */
export interface Outbox {
  /** Whether the entry still waits for delivery (false once delivered or given up on). */
  has(id: string): Promise<boolean>;
  get(id: string): Promise<OutboxEntry | undefined>;
  /** Delivered, or clearly impossible: forget it. */
  done(id: string): Promise<void>;
  /**
   * Entries nobody has delivered by their due time (the process that wrote them died, or its
   * delivery failed): each is leased for `leaseMs`, so another sweep does not take it meanwhile.
   */
  claimOverdue(now: Date, leaseMs: number, limit: number): Promise<OutboxEntry[]>;
  /** How many entries wait, and since when the oldest. */
  backlog(): Promise<{ depth: number; oldestCreatedAt?: Date }>;
}

/** Carries one side effect to the outside world (Slack). Throws DeliveryError when it fails. */
export interface EffectDelivery {
  /**
   * `incident` is the incident as it stands now. `retry`: an earlier attempt may have got through
   * unseen (a crash, a lost answer), so check before doing anything visible twice.
   */
  deliver(entry: OutboxEntry, incident: Incident, options: { retry: boolean }): Promise<void>;
  /** Tells the people concerned that an effect could not be delivered and will not be retried. */
  reportUndeliverable(entry: OutboxEntry, incident: Incident, error: unknown): Promise<void>;
}

/** Schedules another attempt at an entry, durably (a queue job keyed by the entry's id). */
export interface DeliveryRetries {
  retryLater(entry: OutboxEntry): Promise<void>;
}

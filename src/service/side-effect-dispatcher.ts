import type { Incident } from '../domain/incident';
import type { OutboxEntry } from '../domain/side-effect';
import type { DeliveryRetries, EffectDelivery, Outbox } from '../ports/outbox';
import { BackgroundLane } from './background-lane';
import type { Promised } from './incident-service';

/** An effect that did not get through on this attempt. */
export interface DeliveryFailure {
  entry: OutboxEntry;
  error: unknown;
  /** True when another attempt is scheduled; false when it was given up on (and people were told). */
  willRetry: boolean;
}

export interface SideEffectDispatcherDeps {
  outbox: Outbox;
  delivery: EffectDelivery;
  retries: DeliveryRetries;
  /** The incident as it stands now, for a later attempt; undefined when it is gone. */
  incidentById: (id: string) => Promise<Incident | undefined>;
  /** Whether a failure is worth retrying (an outage) rather than final (a refusal). */
  isTransient: (error: unknown) => boolean;
  /** Told of every failed attempt, for logs and metrics. */
  onFailure?: (failure: DeliveryFailure) => void;
  /** Told when bookkeeping failed after a delivery (the entry stays; a later attempt finds it done). */
  onBookkeepingError?: (error: unknown) => void;
}

/**
 * Delivers the side effects a change recorded in the outbox. The process that made the change
 * tries at once, in order; what fails for a passing reason becomes a queued retry, what fails for
 * good is told to the people concerned. Every entry is forgotten only once it is delivered or
 * given up on, so a crash in between leaves it for the sweep.
 */
/** How long after the last channel post the background lane waits: a storm's or a burst's posts come closer together. */
const LULL_MS = 20;
/**
 * The longest the background lane waits for such a lull: a busy incident while Slack is slow keeps
 * some post under way all the time, and a page's direct messages must not wait for its end. Longer
 * than a storm of a thousand pages takes to reach their channels (1.1-2.5 s here,
 * docs/benchmarks.md): with a second, the first pages' direct messages could go out while later
 * pages still wait for their channel.
 */
const LANE_MAX_WAIT_MS = 5_000;

export class SideEffectDispatcher {
  /** Deliveries of commands and channel posts of timers under way: the background lane waits for them, and for a lull after them. */
  private urgent = 0;
  private lastUrgentEnd = 0;
  private lullTimer: NodeJS.Timeout | undefined;
  private readonly lane = new BackgroundLane(8, () => this.urgent === 0 && performance.now() - this.lastUrgentEnd >= LULL_MS, LANE_MAX_WAIT_MS);
  /** Summary rewrites waiting for the lane, by incident: the newest, and the older ones it covers. */
  private readonly summariesWaiting = new Map<string, { newest: { entry: OutboxEntry; incident: Incident }; covered: OutboxEntry[] }>();

  constructor(private readonly deps: SideEffectDispatcherDeps) {}

  /**
   * Delivers what a change just promised, one after another, from the process that made it; the
   * summary follows in the background lane, once no channel post has been under way for LULL_MS,
   * and one rewrite serves every change made to the incident meanwhile: in a burst of notes the
   * notes reach the channel first, and the summary is rewritten once or twice rather than once for
   * every few notes. Nobody waits for it: its failure is logged, nobody is owed a message. A
   * change no replica is known to hold yet is left to the recovery sweep: delivered after the
   * grace period if it is still there, never shown if a failover lost it.
   */
  async dispatch({ outbox, replicated, incident }: Promised & { incident: Incident }): Promise<DeliveryFailure[]> {
    if (!replicated) return [];
    const now = outbox.filter((entry) => entry.effect.kind !== 'summary');
    const summaries = outbox.filter((entry) => entry.effect.kind === 'summary');
    return this.postsFirst(now, incident, () => {
      for (const summary of summaries) this.summaryLater(summary, incident);
    });
  }

  /**
   * Queues a summary rewrite in the background lane, or joins the one already waiting for the same
   * incident: that rewrite shows the newest state any of them carries, and all of them leave the
   * outbox once it is delivered (a failed one is retried with the incident as it is by then).
   */
  private summaryLater(entry: OutboxEntry, incident: Incident): void {
    const waiting = this.summariesWaiting.get(incident.id);
    if (waiting) {
      if (incident.entryCount >= waiting.newest.incident.entryCount) {
        waiting.covered.push(waiting.newest.entry);
        waiting.newest = { entry, incident };
      } else waiting.covered.push(entry);
      return;
    }
    this.summariesWaiting.set(incident.id, { newest: { entry, incident }, covered: [] });
    this.lane.run(async () => {
      const { newest, covered } = this.summariesWaiting.get(incident.id)!;
      this.summariesWaiting.delete(incident.id);
      await this.attempt(newest.entry, newest.incident);
      await Promise.all(covered.map((older) => this.forget(older)));
    });
  }

  /**
   * What a timer's change promised: its posts in the channel (the page itself) at once, while the
   * caller waits; the rest (direct messages, the summary) a few at a time in the background lane,
   * so that in a storm every page reaches its channel before the follow-ups of the first ones:
   * the lane starts once no channel post of a timer has been under way for LULL_MS.
   * Everything stays in the outbox until delivered: a crash leaves it to the sweep.
   */
  async dispatchChannelFirst({ outbox, replicated, incident }: Promised & { incident: Incident }): Promise<DeliveryFailure[]> {
    if (!replicated) return [];
    const now = outbox.filter((entry) => entry.effect.kind === 'entry');
    const later = outbox.filter((entry) => entry.effect.kind !== 'entry');
    return this.postsFirst(now, incident, () => {
      if (later.length > 0) this.lane.run(() => this.inOrder(later, incident));
    });
  }

  /**
   * Delivers `now` in order while the background lane holds back, then `queueLater` hands the rest
   * to the lane, which starts once nothing has been posted for LULL_MS.
   */
  private async postsFirst(now: readonly OutboxEntry[], incident: Incident, queueLater: () => void): Promise<DeliveryFailure[]> {
    this.urgent += 1;
    try {
      return await this.inOrder(now, incident);
    } finally {
      this.urgent -= 1;
      this.lastUrgentEnd = performance.now();
      queueLater();
      this.wakeLaneAfterLull();
    }
  }

  /** Lets the background lane go once nothing has been posted for LULL_MS. */
  private wakeLaneAfterLull(): void {
    if (this.lullTimer) return;
    const check = () => {
      this.lullTimer = undefined;
      if (this.urgent > 0) return; // the post under way wakes it when it ends
      const since = performance.now() - this.lastUrgentEnd;
      if (since < LULL_MS) this.lullTimer = setTimeout(check, LULL_MS - since);
      else this.lane.poke();
    };
    this.lullTimer = setTimeout(check, LULL_MS);
  }

  /** Resolves once the background lane is empty (true), or after `ms` (false). */
  drain(ms: number): Promise<boolean> {
    return this.lane.drain(ms);
  }

  private async inOrder(entries: readonly OutboxEntry[], incident: Incident): Promise<DeliveryFailure[]> {
    const failures: DeliveryFailure[] = [];
    for (const entry of entries) {
      const failure = await this.attempt(entry, incident);
      if (failure) failures.push(failure);
    }
    return failures;
  }

  /**
   * A later attempt at one entry (a queued retry, or the sweep after a crash). Throws when the
   * failure is worth another try and `finalAttempt` is false; otherwise gives up and tells people.
   */
  async redeliver(id: string, finalAttempt: boolean): Promise<void> {
    const entry = await this.deps.outbox.get(id);
    if (!entry) return; // delivered meanwhile
    const incident = await this.deps.incidentById(entry.effect.incidentId);
    if (!incident) {
      await this.forget(entry);
      return;
    }
    try {
      await this.deps.delivery.deliver(entry, incident, { retry: true });
    } catch (error) {
      const willRetry = this.deps.isTransient(error) && !finalAttempt;
      this.deps.onFailure?.({ entry, error, willRetry });
      if (willRetry) throw error;
      await this.giveUp(entry, incident, error);
      return;
    }
    await this.forget(entry);
  }

  private async attempt(entry: OutboxEntry, incident: Incident): Promise<DeliveryFailure | undefined> {
    try {
      await this.deps.delivery.deliver(entry, incident, { retry: false });
    } catch (error) {
      const failure = { entry, error, willRetry: this.deps.isTransient(error) };
      this.deps.onFailure?.(failure);
      // When even the retry cannot be queued (Redis is away too), the entry waits for the sweep.
      if (failure.willRetry) await this.deps.retries.retryLater(entry).catch((e: unknown) => this.deps.onBookkeepingError?.(e));
      else await this.giveUp(entry, incident, error);
      return failure;
    }
    await this.forget(entry);
    return undefined;
  }

  private async giveUp(entry: OutboxEntry, incident: Incident, error: unknown): Promise<void> {
    await this.forget(entry);
    await this.deps.delivery.reportUndeliverable(entry, incident, error).catch((e: unknown) => this.deps.onBookkeepingError?.(e));
  }

  private async forget(entry: OutboxEntry): Promise<void> {
    await this.deps.outbox.done(entry.id).catch((e: unknown) => this.deps.onBookkeepingError?.(e));
  }
}

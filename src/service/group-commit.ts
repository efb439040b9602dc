import type { ChangeResult, Incident } from '../domain/incident';
import type { OutboxEntry, SideEffect } from '../domain/side-effect';
import { CommandAlreadyAppliedError, ConcurrentUpdateError } from '../errors';
import type { IncidentStore, VersionedIncident } from '../ports/incident-store';

/** A written change, as its caller sees it: the incident service's AppliedChange. */
export interface CommittedChange extends ChangeResult {
  previous: Incident;
  /** What it promised, as kept in the outbox. */
  outbox: OutboxEntry[];
  /** Whether it may be delivered at once (enough replicas hold the change); else the sweep delivers it. */
  replicated: boolean;
}

/** One change waiting to be written. */
export interface PendingChange {
  /** The change applied to the incident as the changes before it left it; throws when it does not apply. */
  decide: (current: Incident) => ChangeResult;
  /** The side effects it promises. */
  promise: (previous: Incident, result: ChangeResult) => SideEffect[];
  /** The journaled command it carries out. */
  intake?: { commandId: string };
}

interface Queued extends PendingChange {
  resolve: (applied: CommittedChange) => void;
  reject: (error: unknown) => void;
}

/** At most this many changes go into one write. */
const MAX_BATCH = 100;

/**
 * Writes the changes to one incident that arrive together in one compare-and-set: while a write
 * is in flight, later changes queue; the next write applies them all, in arrival order, to the
 * incident as it then stands, and carries out all their journaled commands. A hundred people
 * noting at once make two or three writes instead of a hundred in a row, and nobody's change
 * waits behind everyone else's round trips. A change that does not apply fails alone.
 */
export class GroupCommit {
  private readonly queues = new Map<string, Queued[]>();

  constructor(
    private readonly store: Pick<IncidentStore, 'replace'>,
    private readonly options: { deadlineMs: (journaled: boolean) => number; backoff: (attempt: number) => Promise<void> },
  ) {}

  submit(key: string, read: () => Promise<VersionedIncident>, change: PendingChange): Promise<CommittedChange> {
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(key);
      if (queue) {
        queue.push({ ...change, resolve, reject });
        return;
      }
      this.queues.set(key, [{ ...change, resolve, reject }]);
      void this.drain(key, read);
    });
  }

  private async drain(key: string, read: () => Promise<VersionedIncident>): Promise<void> {
    const queue = this.queues.get(key)!;
    while (queue.length > 0) await this.write(queue.splice(0, MAX_BATCH), read);
    this.queues.delete(key);
  }

  private async write(batch: Queued[], read: () => Promise<VersionedIncident>): Promise<void> {
    const deadline = Date.now() + this.options.deadlineMs(batch.some((change) => change.intake));
    let waiting = batch;
    for (let attempt = 0; waiting.length > 0; ) {
      let current: VersionedIncident;
      try {
        current = await read();
      } catch (error) {
        for (const change of waiting) change.reject(error);
        return;
      }
      const parts: { change: Queued; previous: Incident; result: ChangeResult; effects: SideEffect[] }[] = [];
      let incident = current.incident;
      for (const change of waiting) {
        try {
          const result = change.decide(incident);
          parts.push({ change, previous: incident, result, effects: change.promise(incident, result) });
          incident = result.incident;
        } catch (error) {
          change.reject(error);
        }
      }
      waiting = parts.map((part) => part.change);
      if (parts.length === 0) return;
      const combined: ChangeResult = {
        incident,
        entries: parts.flatMap((part) => part.result.entries),
        removed: parts.flatMap((part) => part.result.removed ?? []),
      };
      const commandIds = parts.flatMap((part) => (part.change.intake ? [part.change.intake.commandId] : []));
      let written: Awaited<ReturnType<IncidentStore['replace']>>;
      try {
        written = await this.store.replace(current, combined, { effects: parts.flatMap((part) => part.effects), commandIds });
      } catch (error) {
        if (error instanceof CommandAlreadyAppliedError && commandIds.length > 1) {
          // One of them was carried out elsewhere meanwhile: it alone is told, the rest are written again.
          const done = waiting.find((change) => change.intake?.commandId === error.commandId);
          done?.reject(error);
          waiting = waiting.filter((change) => change !== done);
          continue;
        }
        for (const change of waiting) change.reject(error);
        return;
      }
      if (written.saved) {
        let from = 0;
        for (const part of parts) {
          const outbox = written.outbox.slice(from, from + part.effects.length);
          from += part.effects.length;
          part.change.resolve({ ...part.result, previous: part.previous, outbox, replicated: written.replicated });
        }
        return;
      }
      if (Date.now() > deadline) {
        for (const change of waiting) change.reject(new ConcurrentUpdateError());
        return;
      }
      await this.options.backoff(attempt);
      attempt += 1;
    }
  }
}

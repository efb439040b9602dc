import type { CommandJournal, JournaledCommand } from '../ports/command-journal';
import type { DeliveryRetries, Outbox } from '../ports/outbox';

export interface RecoverySweepDeps {
  outbox: Outbox;
  retries: DeliveryRetries;
  journal: CommandJournal;
  /** Carries out a command again and answers its author. */
  replay: (command: JournaledCommand) => Promise<void>;
  /** A command not carried out this long after it came in was dropped by a crash. */
  replayAfterMs: number;
  /** How long the sweep leaves an outbox entry it queued before it looks at it again. */
  outboxLeaseMs?: number;
  onError: (what: string, error: unknown) => void;
}

/**
 * The safety net under the fast path: what a process acknowledged or promised and then did not
 * finish (it crashed, or Redis or Slack were away) is picked up by the next sweep of any replica.
 */
export class RecoverySweep {
  private running = false;

  constructor(private readonly deps: RecoverySweepDeps) {}

  /** One pass; a pass still running when the next is due is not doubled. */
  async sweep(now = new Date()): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.queueOverdueEffects(now).catch((error: unknown) => this.deps.onError('outbox sweep failed', error));
      await this.replayOverdueCommands(now).catch((error: unknown) => this.deps.onError('command replay failed', error));
    } finally {
      this.running = false;
    }
  }

  private async queueOverdueEffects(now: Date): Promise<void> {
    const overdue = await this.deps.outbox.claimOverdue(now, this.deps.outboxLeaseMs ?? 60_000, 200);
    await Promise.all(overdue.map((entry) => this.deps.retries.retryLater(entry)));
  }

  /** Oldest first, one at a time: commands into one incident apply in the order they came in. */
  private async replayOverdueCommands(now: Date): Promise<void> {
    const overdue = await this.deps.journal.overdue(new Date(now.getTime() - this.deps.replayAfterMs), 100);
    for (const command of overdue) await this.deps.replay(command);
  }
}

import type { CommandJournal, JournaledCommand } from '../../../src/ports/command-journal';
import type { EventLedger } from '../../../src/ports/event-ledger';
import { StorageUnavailableError } from '../../../src/errors';
import { InMemoryClaims } from './claims';

/** The intake journal in memory; `down` fails every call as Redis being away does. */
export class InMemoryCommandJournal implements CommandJournal {
  readonly pending = new Map<string, JournaledCommand>();
  readonly seen = new Set<string>();
  down = false;

  async accept(command: JournaledCommand): Promise<boolean> {
    this.reachable();
    if (this.seen.has(command.id)) return false;
    this.seen.add(command.id);
    this.pending.set(command.id, structuredClone(command));
    return true;
  }

  async release(id: string): Promise<void> {
    this.reachable();
    this.pending.delete(id);
    this.seen.delete(id);
  }

  async attachChannel(id: string, channel: { id: string; name: string }): Promise<void> {
    this.reachable();
    const command = this.pending.get(id);
    if (command) command.openedChannel = channel;
  }

  async overdue(before: Date, limit: number): Promise<JournaledCommand[]> {
    this.reachable();
    return [...this.pending.values()].filter((c) => c.receivedAt < before).slice(0, limit);
  }

  private reachable(): void {
    if (this.down) throw new StorageUnavailableError('Redis is unavailable: connection refused (in-memory journal set down)');
  }
}

/** Claimed event ids in memory. */
export class InMemoryEventLedger extends InMemoryClaims implements EventLedger {}

import type { IncidentCommand } from '../commands/incident-command';

/** A command someone gave, as kept between its acknowledgement and its being carried out. */
export interface JournaledCommand {
  /** Stable for the invocation (Slack's trigger_id): a redelivery has the same id. */
  id: string;
  receivedAt: Date;
  userId: string;
  channelId: string;
  /** Where to answer the person while Slack keeps it valid (30 minutes). */
  responseUrl?: string;
  via: 'slash' | 'button' | 'form' | 'alert';
  command: IncidentCommand;
  /** What the declaration form adds to `start`. */
  impact?: string;
  /** The channel a `start` opened before it was saved, so carrying it out again reuses it. */
  openedChannel?: { id: string; name: string };
}

/**
 * The durable intake: a command is written here before the person is told it was received,
 * and leaves when it is carried out (atomically with its change) or needs nothing kept.
 */
export interface CommandJournal {
  /** Keeps the command; false when this id was kept or carried out before (a redelivery). */
  accept(command: JournaledCommand): Promise<boolean>;
  /** The command ended without a change to keep (a refusal, a read): forget it. */
  release(id: string): Promise<void>;
  /** Records the channel a `start` opened, before the incident is saved. */
  attachChannel(id: string, channel: { id: string; name: string }): Promise<void>;
  /**
   * Commands kept before `before` (the wall clock, whatever clock the incident runs on) and not
   * carried out yet, in the order they were kept.
   */
  overdue(before: Date, limit: number): Promise<JournaledCommand[]>;
}

import { createHash } from 'node:crypto';
import type { IncidentCommand } from '../../commands/incident-command';
import { toIncidentChange } from '../../commands/to-incident-change';
import type { JournaledCommand } from '../../ports/command-journal';
import type { Intake } from '../../service/incident-service';
import { StorageUnconfirmedError } from '../../errors';
import type { ListenerDeps } from './listener-deps';

export type KeepOutcome = { kept: true; intake: Intake } | { kept: false; duplicate: true } | { kept: false; duplicate: false; error: unknown };

/** Keeping a command must leave time to acknowledge it inside Slack's three seconds. */
const KEEP_DEADLINE_MS = 2_500;

/** Commands that change an incident: only these need keeping, a read is simply answered. */
export function changesState(command: IncidentCommand): boolean {
  return command.name === 'start' || command.name === 'oncallCover' || toIncidentChange(command) !== undefined;
}

/**
 * The id of one invocation. Slack's trigger_id is unique to it; the person, channel and what was
 * asked are mixed in so that even a reused trigger_id cannot make two commands one.
 */
export function invocationId(triggerId: string, userId: string, channelId: string, what: string): string {
  return createHash('sha256').update(`${triggerId}\n${userId}\n${channelId}\n${what}`).digest('hex').slice(0, 32);
}

/**
 * Keeps a command in the journal before Slack is told it was received: from then on a crash
 * delays it and never loses it. A redelivery of a kept command is recognised and not kept twice.
 */
export async function keepCommand(deps: Pick<ListenerDeps, 'journal' | 'service'>, command: Omit<JournaledCommand, 'receivedAt'>): Promise<KeepOutcome> {
  const receivedAt = deps.service.now();
  let timer: NodeJS.Timeout | undefined;
  const tooSlow = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StorageUnconfirmedError()), KEEP_DEADLINE_MS);
  });
  try {
    const fresh = await Promise.race([deps.journal.accept({ ...command, receivedAt }), tooSlow]);
    return fresh ? { kept: true, intake: { commandId: command.id, receivedAt } } : { kept: false, duplicate: true };
  } catch (error) {
    return { kept: false, duplicate: false, error };
  } finally {
    clearTimeout(timer);
  }
}

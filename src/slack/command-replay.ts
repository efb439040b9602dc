import type { AlertNotification } from '../domain/alerts/alert-notification';
import type { JournaledCommand } from '../ports/command-journal';
import type { Intake } from '../service/incident-service';
import type { ListenerDeps } from './listeners/listener-deps';
import { runAndReply } from './listeners/run-and-reply';

/** Slack accepts answers on a response_url for 30 minutes; a little less, to be safe. */
const RESPONSE_URL_VALID_MS = 29 * 60_000;

/**
 * Carries out a command that was acknowledged and then dropped by a crash, with the time it came
 * in, and answers its author as the first attempt would have: through the response_url while it
 * is valid, else as an ephemeral message in the channel.
 */
export function createCommandReplay(
  deps: Pick<ListenerDeps, 'runner' | 'replier' | 'observe' | 'logger' | 'service'>,
  carryAlert?: (notification: AlertNotification, intake: Intake) => Promise<void>,
) {
  return async function replayCommand(command: JournaledCommand): Promise<void> {
    // An alert has nobody to answer: it is carried out as when it arrived.
    if (command.command.name === 'alert') {
      await carryAlert?.(command.command.notification, { commandId: command.id, receivedAt: command.receivedAt });
      return;
    }
    const fresh = deps.service.now().getTime() - command.receivedAt.getTime() < RESPONSE_URL_VALID_MS;
    deps.logger.info(
      { command: command.command.name, user: command.userId, channel: command.channelId, receivedAt: command.receivedAt },
      'carrying out a command a stopped process had acknowledged',
    );
    await runAndReply(
      deps,
      command.command,
      { userId: command.userId, channelId: command.channelId, ...(fresh && command.responseUrl ? { responseUrl: command.responseUrl } : {}) },
      command.via,
      command.impact ? { impact: command.impact } : {},
      { commandId: command.id, receivedAt: command.receivedAt, ...(command.openedChannel ? { openedChannel: command.openedChannel } : {}) },
    );
  };
}

import type { IncidentCommand } from '../../commands/incident-command';
import { reportCommand, type CommandSource } from '../../observability/command-observer';
import type { CommandResult, StartExtras } from '../incident-command-runner';
import type { ReplyTarget } from '../reply';
import type { ListenerDeps } from './listener-deps';

/**
 * Runs a command that came from a click or a form, tells the person the outcome (when there is
 * something to tell), and reports it like a typed command.
 */
export async function runAndReply(
  deps: Pick<ListenerDeps, 'runner' | 'replier' | 'observe' | 'logger'>,
  command: IncidentCommand,
  target: ReplyTarget,
  via: CommandSource,
  extras: StartExtras = {},
): Promise<CommandResult> {
  const startedAt = performance.now();
  const result = await deps.runner.run(command, target.userId, target.channelId, extras);
  try {
    if (result.reply) await deps.replier.tell(target, result.reply);
  } catch (error) {
    deps.logger.warn({ err: error }, `could not tell ${target.userId} the outcome of ${via} ${command.name}`);
  } finally {
    reportCommand(deps.observe, { subcommand: command.name, via, userId: target.userId, channelId: target.channelId, startedAt }, result);
  }
  return result;
}

import type { IncidentCommand } from '../../commands/incident-command';
import { failureOutcome, reportCommand, type CommandSource } from '../../observability/command-observer';
import { explainFailure } from '../explain-failure';
import { changesState, invocationId, keepCommand } from './intake';
import type { StartExtras } from '../../service/command-runner';
import type { AnsweredCommand } from '../command-replies';
import type { ReplyTarget } from '../reply';
import type { Intake } from '../../service/incident-service';
import type { ListenerDeps } from './listener-deps';

/**
 * Runs a command that came from a click or a form (or from the journal, after a crash), tells the
 * person the outcome (when there is something to tell), and reports it like a typed command.
 */
export async function runAndReply(
  deps: Pick<ListenerDeps, 'runner' | 'replier' | 'observe' | 'logger'>,
  command: IncidentCommand,
  target: ReplyTarget,
  via: CommandSource,
  extras: StartExtras = {},
  intake?: Intake,
): Promise<AnsweredCommand> {
  const startedAt = performance.now();
  const result = await deps.runner.run(command, target.userId, target.channelId, extras, intake);
  try {
    if (result.reply) await deps.replier.tell(target, result.reply);
  } catch (error) {
    deps.logger.warn({ err: error }, `could not tell ${target.userId} the outcome of ${via} ${command.name}`);
  } finally {
    reportCommand(deps.observe, { subcommand: command.name, via, userId: target.userId, channelId: target.channelId, startedAt }, result);
  }
  return result;
}

/**
 * A click or a form that changes an incident: kept in the journal, then acknowledged (`ack`),
 * then carried out. When it cannot be kept, the person is told nothing was saved.
 * `triggerId` (with `part` for a form that makes several commands) identifies the invocation.
 */
export async function keepThenRun(
  deps: Pick<ListenerDeps, 'runner' | 'replier' | 'observe' | 'logger' | 'journal' | 'service' | 'afterAcks'>,
  ack: () => Promise<void>,
  commands: readonly IncidentCommand[],
  target: ReplyTarget,
  via: CommandSource,
  triggerId: string,
  extras: StartExtras = {},
): Promise<AnsweredCommand[]> {
  const intakes: (Intake | undefined)[] = [];
  for (const [part, command] of commands.entries()) {
    if (!changesState(command)) {
      intakes.push(undefined);
      continue;
    }
    const kept = await keepCommand(deps, {
      id: invocationId(triggerId, target.userId, target.channelId, `${part}:${JSON.stringify(command)}`),
      userId: target.userId,
      channelId: target.channelId,
      ...(target.responseUrl ? { responseUrl: target.responseUrl } : {}),
      via,
      command,
      ...(extras.impact ? { impact: extras.impact } : {}),
    });
    if (!kept.kept) {
      await ack();
      if (!kept.duplicate) {
        // All or nothing: the parts of this form kept before are let go, since the person hears nothing was saved.
        for (const earlier of intakes) if (earlier) await deps.journal.release(earlier.commandId).catch(() => undefined);
        await deps.replier.tell(target, explainFailure(kept.error)).catch(() => undefined);
        reportCommand(
          deps.observe,
          { subcommand: command.name, via, userId: target.userId, channelId: target.channelId, startedAt: performance.now() },
          { outcome: failureOutcome(kept.error), error: kept.error },
        );
      }
      return [];
    }
    intakes.push(kept.intake);
  }
  await ack();
  return deps.afterAcks(async () => {
    const results: AnsweredCommand[] = [];
    for (const [part, command] of commands.entries()) {
      const result = await runAndReply(deps, command, target, via, extras, intakes[part]);
      results.push(result);
      // The person has been told why; what follows would only confuse.
      if (result.outcome !== 'ok' && result.outcome !== 'partial') break;
    }
    return results;
  });
}

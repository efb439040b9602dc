import type { SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { IncidentCommand } from '../../../commands/incident-command';
import { parseIncidentCommand } from '../../../commands/parse-incident-command';
import { helpText } from '../../../commands/usage';
import { isKnownError } from '../../../errors';
import { failureOutcome, reportCommand } from '../../../observability/command-observer';
import { explainFailure } from '../../explain-failure';
import type { AnsweredCommand } from '../../command-replies';
import { declareModal } from '../../messages/modals';
import type { Intake } from '../../../service/incident-service';
import { changesState, invocationId, keepCommand } from '../intake';
import type { ListenerDeps } from '../listener-deps';

export type IncidentCommandDeps = Pick<ListenerDeps, 'runner' | 'service' | 'slack' | 'timeZone' | 'observe' | 'journal' | 'afterAcks'>;

export type IncidentCommandArgs = Pick<SlackCommandMiddlewareArgs, 'command' | 'ack' | 'respond'>;

const ephemeral = (text: string) => ({ response_type: 'ephemeral' as const, text });

/** How a command ended, as reported and answered. */
type Ended = Pick<AnsweredCommand, 'outcome' | 'incidentId' | 'error' | 'reply'>;

/**
 * `/incident …`. Input that cannot be understood is answered in the acknowledgement itself. A
 * command that changes an incident is kept in the journal first and then acknowledged, so that
 * "received" means kept; when it cannot be kept, the acknowledgement says nothing was saved.
 * The outcome follows through `respond()`, so Slack's three seconds never run out while Redis or
 * Slack's API are slow.
 */
export function createIncidentCommandHandler(deps: IncidentCommandDeps) {
  return async function handleIncidentCommand({ command, ack, respond }: IncidentCommandArgs): Promise<void> {
    const startedAt = performance.now();
    const done = (subcommand: string, result: Ended) =>
      reportCommand(deps.observe, { subcommand, via: 'slash', userId: command.user_id, channelId: command.channel_id, startedAt }, result);

    let parsed: IncidentCommand;
    try {
      parsed = parseIncidentCommand(command.text, { now: deps.service.now(), timeZone: deps.timeZone });
    } catch (error) {
      const outcome = failureOutcome(error);
      if (outcome !== 'usage_error') throw error;
      await ack(ephemeral(explainFailure(error)));
      done(usageSubcommand(command.text, error), { outcome });
      return;
    }
    if (parsed.name === 'help') {
      await ack(ephemeral(helpText()));
      done('help', { outcome: 'ok' });
      return;
    }
    let intake: Intake | undefined;
    if (changesState(parsed)) {
      const kept = await keepCommand(deps, {
        id: invocationId(command.trigger_id, command.user_id, command.channel_id, command.text),
        userId: command.user_id,
        channelId: command.channel_id,
        ...(command.response_url ? { responseUrl: command.response_url } : {}),
        via: 'slash',
        command: parsed,
      });
      if (!kept.kept) {
        // A redelivery of a command kept before: the first delivery answers it.
        if (kept.duplicate) return void (await ack());
        await ack(ephemeral(explainFailure(kept.error)));
        done(parsed.name, { outcome: failureOutcome(kept.error), error: kept.error });
        return;
      }
      intake = kept.intake;
    }
    await ack();

    await deps.afterAcks(async () => {
      const result: Ended =
        parsed.name === 'startForm'
          ? await openDeclareForm(parsed, command, deps)
          : await deps.runner.run(parsed, command.user_id, command.channel_id, {}, intake);
      try {
        if (result.reply) await respond(ephemeral(result.reply));
      } finally {
        done(parsed.name === 'startForm' ? 'start' : parsed.name === 'oncallCover' ? 'oncall' : parsed.name, result);
      }
    });
  };
}

/** `start` without a title: the declaration form, opened with the command's trigger_id. */
async function openDeclareForm(
  parsed: IncidentCommand & { name: 'startForm' },
  command: SlackCommandMiddlewareArgs['command'],
  { slack, timeZone }: IncidentCommandDeps,
): Promise<Ended> {
  const view = declareModal({ channelId: command.channel_id, responseUrl: command.response_url }, timeZone, parsed);
  try {
    await slack.call('views.open', (client) => client.views.open({ trigger_id: command.trigger_id, view }));
    return { outcome: 'ok' };
  } catch (error) {
    return { reply: explainFailure(error), outcome: failureOutcome(error), error };
  }
}

/** The subcommand a usage error is about, for the log: the parser's own word when it has one. */
function usageSubcommand(text: string, error: unknown): string {
  const named = isKnownError(error) && error.code === 'usage' ? error.subcommand : undefined;
  return named ?? (text.trim().split(/\s+/)[0]?.toLowerCase() || 'none');
}

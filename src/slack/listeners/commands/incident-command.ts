import type { AllMiddlewareArgs, Logger, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { IncidentCommand } from '../../../commands/incident-command';
import { parseIncidentCommand } from '../../../commands/parse-incident-command';
import { toIncidentChange } from '../../../commands/to-incident-change';
import { helpText, usageReply } from '../../../commands/usage';
import { formatWhen } from '../../../domain/format-time';
import { IncidentRuleError, NotAnIncidentChannelError, UsageError } from '../../../errors';
import type { IncidentService, PostmortemDraftResult } from '../../../service/incident-service';
import { explainDraftFailure, explainFailure } from '../../explain-failure';
import type { IncidentPublisher } from '../../incident-publisher';
import { openIncidentsMessage } from '../../messages/list-message';
import { timelineMessage } from '../../messages/timeline-message';

export interface IncidentCommandDeps {
  service: IncidentService;
  publisher: IncidentPublisher;
  timeZone: string;
  logger: Logger;
}

export type IncidentCommandArgs = SlackCommandMiddlewareArgs & Pick<AllMiddlewareArgs, 'logger'>;

const ephemeral = (text: string) => ({ response_type: 'ephemeral' as const, text });

/**
 * `/incident …`. Input that cannot be understood is answered in the acknowledgement itself;
 * everything else is acknowledged at once and its outcome follows through `respond()`, so
 * Slack's three seconds never run out while Redis or Slack's API are slow.
 */
export function createIncidentCommandHandler(deps: IncidentCommandDeps) {
  return async function handleIncidentCommand({ command, ack, respond }: IncidentCommandArgs): Promise<void> {
    let parsed: IncidentCommand;
    try {
      parsed = parseIncidentCommand(command.text, { now: deps.service.now(), timeZone: deps.timeZone });
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      await ack(ephemeral(usageReply(error.message, error.subcommand)));
      return;
    }
    if (parsed.name === 'help') {
      await ack(ephemeral(helpText()));
      return;
    }
    await ack();

    let reply: string | undefined;
    try {
      reply = await runCommand(parsed, command.user_id, command.channel_id, deps);
    } catch (error) {
      if (!isExpected(error)) deps.logger.error(`/incident ${parsed.name} failed`, error);
      reply = explainFailure(error);
    }
    if (reply) await respond(ephemeral(reply));
  };
}

/** Carries out a command; returns what to tell the person who typed it, if anything. */
async function runCommand(
  parsed: IncidentCommand,
  userId: string,
  channelId: string,
  { service, publisher, timeZone }: IncidentCommandDeps,
): Promise<string | undefined> {
  switch (parsed.name) {
    case 'start': {
      const { incident } = await service.declare({
        title: parsed.title,
        severity: parsed.severity,
        at: parsed.at,
        declaredBy: userId,
      });
      const { summaryTs, problems } = await publisher.publishDeclared(incident);
      if (summaryTs) await service.rememberSummaryMessage(incident.id, summaryTs).catch(() => undefined);
      const started = parsed.at ? ` It started at ${formatWhen(incident.startedAt, timeZone, service.now())}.` : '';
      return [
        `:rotating_light: Incident #${incident.id} (${incident.severity}) is declared: <#${incident.channelId}>. You are the lead.${started}`,
        ...problems,
      ].join('\n');
    }
    case 'list':
      return openIncidentsMessage(await service.listOpen(), timeZone, service.now()).text;
    case 'timeline': {
      const { incident, entries } = await service.timeline(channelId);
      return timelineMessage(incident, entries, timeZone, service.now()).text;
    }
    case 'help':
      return helpText();
    case 'postmortem':
      return postDraft(service, publisher, channelId, false);
    default: {
      const change = toIncidentChange(parsed);
      if (!change) return undefined;
      const applied = await service.change(channelId, change, userId);
      try {
        await publisher.publishChange(applied);
        const { incident, previous } = applied;
        if (incident.severity !== previous.severity || incident.status !== previous.status) {
          await publisher.refreshTopic(incident);
        }
      } catch (error) {
        return explainFailure(error, { saved: true });
      }
      return parsed.name === 'close' ? postDraft(service, publisher, channelId, true) : undefined;
    }
  }
}

/**
 * Compiles and posts the postmortem draft; returns why not when it could not be. Outside a
 * close, failing to compile is the command's own failure, left to the caller to explain and log;
 * after a close, the close stands and only the draft is explained.
 */
async function postDraft(service: IncidentService, publisher: IncidentPublisher, channelId: string, closing: boolean): Promise<string | undefined> {
  let draft: PostmortemDraftResult;
  try {
    draft = await service.draftPostmortem(channelId);
  } catch (error) {
    if (!closing) throw error;
    return explainDraftFailure(error, true);
  }
  try {
    await publisher.publishPostmortem(draft);
    return undefined;
  } catch (error) {
    return explainDraftFailure(error, closing);
  }
}

/** Failures that are the user's to fix, not ours to log. */
function isExpected(error: unknown): boolean {
  return error instanceof UsageError || error instanceof IncidentRuleError || error instanceof NotAnIncidentChannelError;
}

import { helpText } from '../commands/usage';
import { isBookkeeping } from '../domain/side-effect';
import type { TimelineEntry } from '../domain/timeline-entry';
import type { OnCallShift, Schedule } from '../domain/oncall/schedule';
import { isKnownError, messageOf } from '../errors';
import type { TimeStyle } from '../domain/format-time';
import type { CommandRunner, CommandResult, StartExtras } from '../service/command-runner';
import type { Intake } from '../service/incident-service';
import type { IncidentCommand } from '../commands/incident-command';
import type { DeliveryFailure } from '../service/side-effect-dispatcher';
import { explainDraftFailure, explainFailure } from './explain-failure';
import { describeEffect } from './incident-publisher';
import { openIncidentsMessage } from './messages/list-message';
import { slackTime } from './messages/slack-time';
import { timelineMessage } from './messages/timeline-message';
import { safeMrkdwn } from './safe-mrkdwn';

export interface ReplyContext {
  time: TimeStyle;
  announceChannel?: string;
}

/** A command's result with the reply its author reads, when there is one. */
export interface AnsweredCommand extends CommandResult {
  reply?: string;
}

/** Redis failed after the command was kept: it is carried out once Redis answers again. */
const KEPT_FOR_LATER =
  ':hourglass_flowing_sand: Hotwash lost its storage (Redis) while carrying out your command. It was received and is kept: ' +
  'it will be carried out, with the time you gave it, as soon as storage answers again. No need to type it again.';

/** What the author of a command reads about its result, in Slack's words; undefined when the channel shows it. */
export function replyFor({ done, now }: CommandResult, { time, announceChannel }: ReplyContext): string | undefined {
  switch (done.kind) {
    case 'declared': {
      const { incident } = done;
      const started = done.backdated ? ` It started at ${slackTime(incident.startedAt, time, now)}.` : '';
      return [
        `:rotating_light: Incident #${incident.id} (${incident.severity}) is declared: <#${incident.channelId}>. You are the lead.${started}`,
        ...done.failures.map((failure) => declarationProblem(failure, announceChannel)),
      ].join('\n');
    }
    case 'changed': {
      if (done.failures.length) return [...new Set(done.failures.map(changeProblem))].join('\n');
      if (done.subscribed !== undefined) {
        return done.subscribed
          ? `:bell: You will hear of every update of incident #${done.incident.id} (<#${done.incident.channelId}>), and its resolution, by direct message.`
          : `:no_bell: You will no longer hear of incident #${done.incident.id} by direct message.`;
      }
      // Bookkeeping is not posted in the channel: its author alone hears that it was kept.
      const kept = done.entries.filter(isBookkeeping);
      return kept.length ? kept.map((entry) => `:white_check_mark: ${bookkeepingConfirmation(entry)}`).join('\n') : undefined;
    }
    case 'list':
      return openIncidentsMessage(done.incidents, time, now).text;
    case 'timeline':
      return timelineMessage(done.incident, done.entries, time, now).text;
    case 'help':
      return helpText();
    case 'oncall':
      return onCallMessage(done.shifts, time, now);
    case 'followups': {
      if (done.tasks.length === 0) return `Incident #${done.incident.id} has no tasks yet. Add one with \`/incident task <text> [@owner]\`.`;
      const lines = done.tasks.map(({ task, issue, state }) => {
        const text = task.kind === 'task' ? safeMrkdwn(task.text) : '';
        const where = issue ? ` · <${issue.url.replace(/[<>|]/g, '')}|${safeMrkdwn(issue.key)}>${state ? ` (${state})` : ''}` : ' · not in the tracker yet';
        return `• ${text}${task.kind === 'task' && task.ownerId ? ` (owner: <@${task.ownerId}>)` : ''}${where}`;
      });
      return [`*Follow-ups of incident #${done.incident.id}*`, ...lines].join('\n');
    }
    case 'covered': {
      const { cover, affected } = done;
      const who = cover.userId === cover.byUserId ? 'You are' : `<@${cover.userId}> is`;
      const noted = affected.length ? ` Recorded on ${affected.map((i) => `<#${i.channelId}>`).join(', ')}.` : '';
      return `:busts_in_silhouette: ${who} on call for *${safeMrkdwn(cover.schedule)}* until ${slackTime(cover.to, time, now)}.${noted}`;
    }
    case 'postmortem':
      return done.error === undefined ? undefined : explainDraftFailure(done.error, false);
    case 'nothing':
      return undefined;
    case 'failed':
      return done.kept ? KEPT_FOR_LATER : explainFailure(done.error, { readOnly: done.readOnly });
  }
}

const FIELD_NAME = { impact: 'Impact', cause: 'Root cause', resolution: 'Resolution' } as const;

/** What the author of a bookkeeping command reads: what was kept, and where it shows. */
function bookkeepingConfirmation(entry: TimelineEntry): string {
  switch (entry.kind) {
    case 'summary':
      return `${FIELD_NAME[entry.field]} recorded for the postmortem; the pinned summary shows it.`;
    case 'fix':
      return `Fix recorded for the postmortem: ${safeMrkdwn(entry.text)}`;
    case 'task':
      return `Task recorded for the postmortem: ${safeMrkdwn(entry.text)}${entry.ownerId ? ` (owner: <@${entry.ownerId}>)` : ''}`;
    default:
      return 'Recorded.';
  }
}

/** `/incident oncall`: for each schedule, who now, until when, who next. */
function onCallMessage(shifts: { schedule: Schedule; shift: OnCallShift }[], time: TimeStyle, now: Date): string {
  if (shifts.length === 0) return 'No on-call schedules are configured: add `schedules:` to the escalation policy file.';
  const lines = shifts.map(
    ({ schedule, shift }) =>
      `• *${safeMrkdwn(schedule.name)}*: <@${shift.userId}>${shift.override ? ' (covering)' : ''} until ${slackTime(shift.until, time, now)}, then <@${shift.nextUserId}>`,
  );
  return ['*On call now*', ...lines].join('\n');
}

/** One line of the declarer's reply: which part of the set-up did not happen (yet). */
function declarationProblem({ entry, error, willRetry }: DeliveryFailure, announceChannel?: string): string {
  const slack = isKnownError(error) && error.code === 'slack_call' ? error : undefined;
  const code = slack ? slack.slackError : messageOf(error);
  const later = willRetry ? ' Hotwash will keep trying.' : '';
  const what = slack?.method === 'pins.add' ? 'pin the summary' : describeEffect(entry.effect, announceChannel);
  return `I couldn't ${what} (Slack said \`${code}\`).${later}`;
}

/** What the author of a saved change hears when part of showing it failed. */
function changeProblem({ entry, error, willRetry }: DeliveryFailure): string {
  const explained = entry.effect.kind === 'postmortem' ? explainDraftFailure(error, true) : explainFailure(error, { saved: true });
  return willRetry ? `${explained} Hotwash will keep trying to deliver it.` : explained;
}

/** The runner as the Slack listeners use it: each result with its reply. */
export class AnsweringRunner {
  constructor(
    private readonly runner: CommandRunner,
    private readonly context: ReplyContext,
  ) {}

  async run(command: IncidentCommand, userId: string, channelId: string, extras: StartExtras = {}, intake?: Intake): Promise<AnsweredCommand> {
    const result = await this.runner.run(command, userId, channelId, extras, intake);
    return { ...result, reply: replyFor(result, this.context) };
  }
}

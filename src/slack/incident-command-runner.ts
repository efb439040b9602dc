import type { IncidentCommand } from '../commands/incident-command';
import { toIncidentChange } from '../commands/to-incident-change';
import { helpText } from '../commands/usage';
import { formatWhen } from '../domain/format-time';
import { CommandAlreadyAppliedError, StorageUnavailableError } from '../errors';
import { failureOutcome, type CommandOutcome } from '../observability/command-observer';
import type { CommandJournal } from '../ports/command-journal';
import type { IncidentService, Intake, PostmortemDraftResult } from '../service/incident-service';
import type { DeliveryFailure, SideEffectDispatcher } from '../service/side-effect-dispatcher';
import { explainDraftFailure, explainFailure } from './explain-failure';
import { describeEffect, type IncidentPublisher } from './incident-publisher';
import { openIncidentsMessage } from './messages/list-message';
import { timelineMessage } from './messages/timeline-message';

/** What a command did: the reply for its author (if any), how it ended, and which incident it touched. */
export interface CommandResult {
  reply?: string;
  outcome: CommandOutcome;
  incidentId?: string;
  error?: unknown;
}

export interface RunnerDeps {
  service: IncidentService;
  publisher: IncidentPublisher;
  dispatcher: SideEffectDispatcher;
  /** Where journaled commands are let go of when they end without a change to keep. */
  journal: Pick<CommandJournal, 'release'>;
  timeZone: string;
  announceChannel?: string;
}

/** Extra input the declaration form has and the slash command does not. */
export interface StartExtras {
  impact?: string;
}

/**
 * Carries out an understood `/incident` command, whichever way it came in: typed, clicked on the
 * summary, submitted in a form, or carried out again from the journal after a crash. One path, so
 * a button does exactly what its command does: the same rules, the same timeline entries, the same
 * replies and errors. Never throws: every failure becomes a reply that says what went wrong and
 * whether anything was saved.
 */
export class IncidentCommandRunner {
  constructor(private readonly deps: RunnerDeps) {}

  async run(command: IncidentCommand, userId: string, channelId: string, extras: StartExtras = {}, intake?: Intake): Promise<CommandResult> {
    let result: CommandResult;
    try {
      result = await this.carryOut(command, userId, channelId, extras, intake);
    } catch (error) {
      // Another replica, or this one before a restart, carried it out already: it has been answered.
      if (error instanceof CommandAlreadyAppliedError) return { outcome: 'ok' };
      if (intake && error instanceof StorageUnavailableError) {
        return { reply: KEPT_FOR_LATER, outcome: 'storage_unavailable', error };
      }
      result = { reply: explainFailure(error), outcome: failureOutcome(error), error };
    }
    // Ended without a change to keep (a refusal, a read): the journal lets it go. Changes that
    // were saved let it go in the same write.
    if (intake) await this.deps.journal.release(intake.commandId).catch(() => undefined);
    return result;
  }

  private async carryOut(command: IncidentCommand, userId: string, channelId: string, extras: StartExtras, intake?: Intake): Promise<CommandResult> {
    const { service, dispatcher, timeZone } = this.deps;
    switch (command.name) {
      case 'start': {
        const declared = await service.declare(
          { title: command.title, severity: command.severity, at: command.at, declaredBy: userId, impact: extras.impact },
          intake,
        );
        const { incident } = declared;
        const failures = await dispatcher.dispatch(declared);
        const started = command.at ? ` It started at ${formatWhen(incident.startedAt, timeZone, service.now())}.` : '';
        const reply = [
          `:rotating_light: Incident #${incident.id} (${incident.severity}) is declared: <#${incident.channelId}>. You are the lead.${started}`,
          ...failures.map((failure) => this.declarationProblem(failure)),
        ].join('\n');
        return { reply, outcome: failures.length ? 'partial' : 'ok', incidentId: incident.id, error: failures[0]?.error };
      }
      case 'list':
        return { reply: openIncidentsMessage(await service.listOpen(), timeZone, service.now()).text, outcome: 'ok' };
      case 'timeline': {
        const { incident, entries } = await service.timeline(channelId);
        return { reply: timelineMessage(incident, entries, timeZone, service.now()).text, outcome: 'ok', incidentId: incident.id };
      }
      case 'help':
        return { reply: helpText(), outcome: 'ok' };
      case 'postmortem':
        return this.draft(channelId);
      default: {
        const change = toIncidentChange(command);
        if (!change) return { outcome: 'ok' };
        const applied = await service.change(channelId, change, userId, intake);
        const incidentId = applied.incident.id;
        // A summary that could not be updated is retried or logged: the change itself stands.
        const failures = (await dispatcher.dispatch(applied)).filter(({ entry }) => entry.effect.kind !== 'summary');
        if (failures.length === 0) return { outcome: 'ok', incidentId };
        const reply = [...new Set(failures.map((failure) => this.changeProblem(failure)))].join('\n');
        return { reply, outcome: 'partial', incidentId, error: failures[0]!.error };
      }
    }
  }

  /** One line of the declarer's reply: which part of the set-up did not happen (yet). */
  private declarationProblem({ entry, error, willRetry }: DeliveryFailure): string {
    const code = (error as { slackError?: string }).slackError ?? (error as Error).message;
    const later = willRetry ? ' Hotwash will keep trying.' : '';
    const what = (error as { method?: string }).method === 'pins.add' ? 'pin the summary' : describeEffect(entry.effect, this.deps.announceChannel);
    return `I couldn't ${what} (Slack said \`${code}\`).${later}`;
  }

  /** What the author of a saved change hears when part of showing it failed. */
  private changeProblem({ entry, error, willRetry }: DeliveryFailure): string {
    const explained = entry.effect.kind === 'postmortem' ? explainDraftFailure(error, true) : explainFailure(error, { saved: true });
    return willRetry ? `${explained} Hotwash will keep trying to deliver it.` : explained;
  }

  /** Compiles and posts the postmortem draft (`/incident postmortem`). */
  private async draft(channelId: string): Promise<CommandResult> {
    const { service, publisher } = this.deps;
    const draft: PostmortemDraftResult = await service.draftPostmortem(channelId);
    try {
      await publisher.publishPostmortem(draft);
      return { outcome: 'ok', incidentId: draft.incident.id };
    } catch (error) {
      return { reply: explainDraftFailure(error, false), outcome: failureOutcome(error), incidentId: draft.incident.id, error };
    }
  }
}

/** Redis failed after the command was kept: it is carried out once Redis answers again. */
const KEPT_FOR_LATER =
  ':hourglass_flowing_sand: Hotwash lost its storage (Redis) while carrying out your command. It was received and is kept: ' +
  'it will be carried out, with the time you gave it, as soon as storage answers again. No need to type it again.';

import type { IncidentCommand } from '../commands/incident-command';
import { toIncidentChange } from '../commands/to-incident-change';
import { helpText } from '../commands/usage';
import { formatWhen } from '../domain/format-time';
import { failureOutcome, type CommandOutcome } from '../observability/command-observer';
import type { IncidentService, PostmortemDraftResult } from '../service/incident-service';
import { explainDraftFailure, explainFailure } from './explain-failure';
import type { IncidentPublisher } from './incident-publisher';
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
  timeZone: string;
}

/** Extra input the declaration form has and the slash command does not. */
export interface StartExtras {
  impact?: string;
}

/**
 * Carries out an understood `/incident` command, whichever way it came in: typed, clicked on the
 * summary, or submitted in a form. One path, so a button does exactly what its command does:
 * the same rules, the same timeline entries, the same replies and errors. Never throws: every
 * failure becomes a reply that says what went wrong and whether anything was saved.
 */
export class IncidentCommandRunner {
  constructor(private readonly deps: RunnerDeps) {}

  async run(command: IncidentCommand, userId: string, channelId: string, extras: StartExtras = {}): Promise<CommandResult> {
    try {
      return await this.carryOut(command, userId, channelId, extras);
    } catch (error) {
      return { reply: explainFailure(error), outcome: failureOutcome(error), error };
    }
  }

  private async carryOut(command: IncidentCommand, userId: string, channelId: string, extras: StartExtras): Promise<CommandResult> {
    const { service, publisher, timeZone } = this.deps;
    switch (command.name) {
      case 'start': {
        const { incident, entries } = await service.declare({
          title: command.title,
          severity: command.severity,
          at: command.at,
          declaredBy: userId,
          impact: extras.impact,
        });
        const { summaryTs, problems } = await publisher.publishDeclared(incident, entries.at(-1));
        if (summaryTs) {
          const remembered = await service.rememberSummaryMessage(incident.id, summaryTs).catch(() => undefined);
          // A first page may have gone out before the summary's ts was saved: show it now.
          if (remembered && remembered.entryCount > incident.entryCount) {
            const { entries: recorded } = await service.timeline(incident.channelId).catch(() => ({ entries }));
            const latest = [...recorded].sort((a, b) => a.seq - b.seq).at(-1);
            await publisher.refreshSummary(remembered, latest);
          }
        }
        const started = command.at ? ` It started at ${formatWhen(incident.startedAt, timeZone, service.now())}.` : '';
        const reply = [
          `:rotating_light: Incident #${incident.id} (${incident.severity}) is declared: <#${incident.channelId}>. You are the lead.${started}`,
          ...problems,
        ].join('\n');
        return { reply, outcome: problems.length ? 'partial' : 'ok', incidentId: incident.id };
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
        return this.draft(channelId, false);
      default: {
        const change = toIncidentChange(command);
        if (!change) return { outcome: 'ok' };
        const applied = await service.change(channelId, change, userId);
        const incidentId = applied.incident.id;
        try {
          await publisher.publishChange(applied);
          const { incident, previous } = applied;
          if (incident.severity !== previous.severity || incident.status !== previous.status) {
            await publisher.refreshTopic(incident);
          }
        } catch (error) {
          return { reply: explainFailure(error, { saved: true }), outcome: 'partial', incidentId, error };
        }
        return command.name === 'close' ? this.draft(channelId, true) : { outcome: 'ok', incidentId };
      }
    }
  }

  /**
   * Compiles and posts the postmortem draft. Outside a close, failing to compile is the command's
   * own failure; after a close, the close stands and only the draft is explained.
   */
  private async draft(channelId: string, closing: boolean): Promise<CommandResult> {
    const { service, publisher } = this.deps;
    let draft: PostmortemDraftResult;
    try {
      draft = await service.draftPostmortem(channelId);
    } catch (error) {
      if (!closing) throw error;
      return { reply: explainDraftFailure(error, true), outcome: 'partial', error };
    }
    try {
      await publisher.publishPostmortem(draft);
      return { outcome: 'ok', incidentId: draft.incident.id };
    } catch (error) {
      return { reply: explainDraftFailure(error, closing), outcome: closing ? 'partial' : failureOutcome(error), incidentId: draft.incident.id, error };
    }
  }
}

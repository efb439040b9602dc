import type { IncidentCommand } from '../commands/incident-command';
import { toIncidentChange } from '../commands/to-incident-change';
import type { Incident } from '../domain/incident';
import type { TimelineEntry } from '../domain/timeline-entry';
import { type CommandOutcome, classify, errorCode, NotAnIncidentChannelError } from '../errors';
import type { CommandJournal } from '../ports/command-journal';
import type { OnCallShift, Schedule } from '../domain/oncall/schedule';
import type { Cover } from '../ports/on-call-covers';
import type { PostmortemSharing } from '../ports/postmortem-sharing';
import type { IncidentService, Intake } from './incident-service';
import type { DeliveryFailure, SideEffectDispatcher } from './side-effect-dispatcher';

/** What a command did, for the adapter that answers its author to word. */
export type CommandDone =
  /** Declared; `failures`: parts of the set-up that were not delivered (yet). */
  | { kind: 'declared'; incident: Incident; backdated: boolean; failures: DeliveryFailure[] }
  /** A change saved with its new `entries`; `failures`: what was not shown (yet), the summary excepted. */
  | { kind: 'changed'; incident: Incident; entries: TimelineEntry[]; failures: DeliveryFailure[]; subscribed?: boolean }
  | { kind: 'list'; incidents: Incident[] }
  | { kind: 'timeline'; incident: Incident; entries: TimelineEntry[] }
  | { kind: 'help' }
  | { kind: 'followups'; incident: Incident; tasks: Awaited<ReturnType<IncidentService['tasksWithIssues']>>['tasks'] }
  | { kind: 'oncall'; shifts: { schedule: Schedule; shift: OnCallShift }[] }
  /** A cover was kept; `affected`: the open incidents it was recorded on. */
  | { kind: 'covered'; cover: Cover; affected: Incident[] }
  /** The draft was compiled; `error`: sharing it failed. */
  | { kind: 'postmortem'; incident: Incident; error?: unknown }
  /** Nothing to do (a command with no change, or one carried out already elsewhere). */
  | { kind: 'nothing' }
  /** Failed; `kept`: the journal keeps it and it will be carried out once storage answers. */
  | { kind: 'failed'; error: unknown; kept: boolean; readOnly: boolean };

export interface CommandResult {
  done: CommandDone;
  outcome: CommandOutcome;
  incidentId?: string;
  error?: unknown;
  /** When "now" was for this command, for relative times in the reply. */
  now: Date;
}

export interface CommandRunnerDeps {
  service: IncidentService;
  sharing: PostmortemSharing;
  dispatcher: SideEffectDispatcher;
  /** Where journaled commands are let go of when they end without a change to keep. */
  journal: Pick<CommandJournal, 'release'>;
}

/** Extra input the declaration form has and the slash command does not. */
export interface StartExtras {
  impact?: string;
}

const READS = new Set<IncidentCommand['name']>(['list', 'timeline', 'help', 'postmortem', 'oncall', 'followups']);

/**
 * Results of a change written together with its journaled command (the store marks the command
 * done in that write). A cover is kept apart from the incidents it is recorded on, so it is not one.
 */
const LET_GO_BY_ITS_WRITE = new Set<CommandDone['kind']>(['declared', 'changed']);

/**
 * Carries out an understood command, whichever way it came in: typed, clicked, submitted in a
 * form, or carried out again from the journal after a crash. One path, so a button does exactly
 * what its command does. Never throws: every failure becomes a result saying what went wrong.
 */
export class CommandRunner {
  constructor(private readonly deps: CommandRunnerDeps) {}

  async run(command: IncidentCommand, userId: string, channelId: string, extras: StartExtras = {}, intake?: Intake): Promise<CommandResult> {
    const now = this.deps.service.now();
    let result: CommandResult;
    try {
      result = { ...(await this.carryOut(command, userId, channelId, extras, intake)), now };
    } catch (error) {
      const code = errorCode(error);
      // Another replica, or this one before a restart, carried it out already: it has been answered.
      if (code === 'already_applied') return { done: { kind: 'nothing' }, outcome: 'ok', now };
      // Kept for later: storage was away, or another replica is declaring this alert group's incident.
      const kept = intake !== undefined && (code === 'storage_unavailable' || code === 'alert_busy');
      result = { done: { kind: 'failed', error, kept, readOnly: READS.has(command.name) }, outcome: classify(error).outcome, error, now };
      if (kept) return result;
    }
    // Ended without a change to keep (a refusal, a read, a cover): the journal lets it go. A change
    // saved with its command let it go in the same write; asking again would cost a round trip each.
    if (intake && !LET_GO_BY_ITS_WRITE.has(result.done.kind)) await this.deps.journal.release(intake.commandId).catch(() => undefined);
    return result;
  }

  private async carryOut(
    command: IncidentCommand,
    userId: string,
    channelId: string,
    extras: StartExtras,
    intake?: Intake,
  ): Promise<Omit<CommandResult, 'now'>> {
    const { service, dispatcher } = this.deps;
    switch (command.name) {
      case 'start': {
        const declared = await service.declare(
          { title: command.title, severity: command.severity, at: command.at, declaredBy: userId, impact: extras.impact, private: command.private },
          intake,
        );
        const failures = await dispatcher.dispatch(declared);
        const { incident } = declared;
        return {
          done: { kind: 'declared', incident, backdated: command.at !== undefined, failures },
          outcome: failures.length ? 'partial' : 'ok',
          incidentId: incident.id,
          error: failures[0]?.error,
        };
      }
      case 'alert': {
        const outcome = await service.receiveAlert(command.notification, intake);
        if (outcome.kind === 'ignored') return { done: { kind: 'nothing' }, outcome: 'ok' };
        const change = outcome.kind === 'declared' ? outcome.declared : outcome.applied;
        const failures = await dispatcher.dispatch(change);
        const { incident } = change;
        const done: CommandDone =
          outcome.kind === 'declared'
            ? { kind: 'declared', incident, backdated: false, failures }
            : { kind: 'changed', incident, entries: outcome.applied.entries, failures };
        return { done, outcome: failures.length ? 'partial' : 'ok', incidentId: incident.id, error: failures[0]?.error };
      }
      case 'list': {
        // A private incident is listed only to the people in its channel.
        const open = await service.listOpen();
        const seen = await Promise.all(open.map((incident) => service.maySee(incident, userId).catch(() => false)));
        return { done: { kind: 'list', incidents: open.filter((_, i) => seen[i]) }, outcome: 'ok' };
      }
      case 'oncall':
        return { done: { kind: 'oncall', shifts: await service.onCallNow() }, outcome: 'ok' };
      case 'oncallCover': {
        const { cover, affected } = await service.cover(command.schedule, command.durationMs, command.userId ?? userId, userId, intake);
        return { done: { kind: 'covered', cover, affected }, outcome: 'ok' };
      }
      case 'timeline': {
        const { incident, entries } = await service.timeline(channelId);
        return { done: { kind: 'timeline', incident, entries }, outcome: 'ok', incidentId: incident.id };
      }
      case 'help':
        return { done: { kind: 'help' }, outcome: 'ok' };
      case 'followups': {
        const { incident, tasks } = await service.tasksWithIssues(channelId);
        return { done: { kind: 'followups', incident, tasks }, outcome: 'ok', incidentId: incident.id };
      }
      case 'postmortem': {
        const draft = await service.draftPostmortem(channelId);
        const incidentId = draft.incident.id;
        try {
          await this.deps.sharing.publishPostmortem(draft);
          return { done: { kind: 'postmortem', incident: draft.incident }, outcome: 'ok', incidentId };
        } catch (error) {
          return { done: { kind: 'postmortem', incident: draft.incident, error }, outcome: classify(error).outcome, incidentId, error };
        }
      }
      default: {
        const change = toIncidentChange(command);
        if (!change) return { done: { kind: 'nothing' }, outcome: 'ok' };
        // `subscribe 12` names its incident from anywhere.
        const named = 'incidentId' in command && command.incidentId ? await service.incidentById(command.incidentId) : undefined;
        // A private incident named from outside is as unknown as one that does not exist.
        const visible = named && (await service.maySee(named, userId));
        if ('incidentId' in command && command.incidentId && !visible) throw new NotAnIncidentChannelError(`incident ${command.incidentId}`);
        const applied = await service.change(named?.channelId ?? channelId, change, userId, intake);
        // A summary that could not be updated is retried or logged, in the background: the change itself stands.
        const failures = await dispatcher.dispatch(applied);
        return {
          done: {
            kind: 'changed',
            incident: applied.incident,
            entries: applied.entries,
            failures,
            ...(change.kind === 'subscribe' ? { subscribed: change.subscribed } : {}),
          },
          outcome: failures.length ? 'partial' : 'ok',
          incidentId: applied.incident.id,
          error: failures[0]?.error,
        };
      }
    }
  }
}

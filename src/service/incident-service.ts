import { channelName } from '../domain/channel-name';
import { formatCompactDate, formatCompactTime } from '../domain/format-time';
import { applyChange, declareIncident, type ChangeResult, type Incident, type IncidentChange } from '../domain/incident';
import type { Severity } from '../domain/severity';
import { sortTimeline, type TimelineEntry } from '../domain/timeline-entry';
import { ConcurrentUpdateError, NotAnIncidentChannelError } from '../errors';
import { buildPostmortemData, type PostmortemData } from '../domain/postmortem/postmortem-data';
import { defaultPostmortemTemplate, type PostmortemTemplate } from '../domain/postmortem/postmortem-template';
import { peopleIn } from '../domain/postmortem/people-in';
import type { IncidentStore, VersionedIncident } from '../store/incident-store';
import type { ChannelOpener } from './channel-opener';
import type { UserDirectory } from './user-directory';

export interface IncidentServiceDeps {
  store: IncidentStore;
  channels: ChannelOpener;
  users: UserDirectory;
  timeZone: string;
  template?: PostmortemTemplate;
  clock?: () => Date;
}

export interface PostmortemDraftResult {
  incident: Incident;
  markdown: string;
  data: PostmortemData;
}

export interface DeclareRequest {
  title: string;
  severity: Severity;
  at?: Date;
  declaredBy: string;
}

export interface AppliedChange extends ChangeResult {
  previous: Incident;
}

/** How long a change keeps retrying under contention before it gives up; well inside Slack's patience. */
const WRITE_DEADLINE_MS = 2_000;

/** Jittered exponential backoff, so a burst of writers to one incident spreads out instead of colliding again. */
function backoff(attempt: number): Promise<void> {
  const ceiling = Math.min(100, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

/** The incident use cases: declare, change, read. Slack-free and Redis-free; ports come in. */
export class IncidentService {
  private readonly store: IncidentStore;
  private readonly channels: ChannelOpener;
  private readonly users: UserDirectory;
  private readonly timeZone: string;
  private readonly template: PostmortemTemplate;
  private readonly clock: () => Date;

  constructor(deps: IncidentServiceDeps) {
    this.store = deps.store;
    this.channels = deps.channels;
    this.users = deps.users;
    this.timeZone = deps.timeZone;
    this.template = deps.template ?? defaultPostmortemTemplate;
    this.clock = deps.clock ?? (() => new Date());
  }

  now(): Date {
    return this.clock();
  }

  async declare(request: DeclareRequest): Promise<ChangeResult> {
    const now = this.clock();
    const localDate = formatCompactDate(request.at ?? now, this.timeZone);
    const localTime = formatCompactTime(now, this.timeZone);
    // The channel comes first: when Slack refuses it, nothing at all has been stored.
    const channel = await this.channels.open((attempt) => channelName(localDate, request.title, localTime, attempt));
    try {
      const declared = declareIncident({
        id: await this.store.nextIncidentId(),
        title: request.title,
        severity: request.severity,
        startedAt: request.at,
        declaredBy: request.declaredBy,
        channelId: channel.id,
        channelName: channel.name,
        now,
      });
      await this.store.create(declared);
      return declared;
    } catch (error) {
      // A channel with no incident behind it would confuse everyone who finds it.
      await this.channels.abandon(channel.id).catch(() => undefined);
      throw error;
    }
  }

  /** Applies a change to the incident of `channelId`, retrying when another write got there first. */
  async change(channelId: string, change: IncidentChange, actorId: string): Promise<AppliedChange> {
    return this.writeWithRetry(
      () => this.incidentOfChannel(channelId),
      (current) => applyChange(current, change, actorId, this.clock()),
    );
  }

  /** Remembers the pinned summary message of an incident (no timeline entry). */
  async rememberSummaryMessage(incidentId: string, ts: string): Promise<void> {
    await this.writeWithRetry(
      async () => {
        const found = await this.store.get(incidentId);
        if (!found) throw new NotAnIncidentChannelError(`Incident ${incidentId} does not exist.`);
        return found;
      },
      (current) => ({ incident: { ...current, summaryMessageTs: ts }, entries: [] }),
    );
  }

  /** Read, decide, compare-and-set; again with backoff while someone else wrote first. */
  private async writeWithRetry(
    read: () => Promise<VersionedIncident>,
    decide: (current: Incident) => ChangeResult,
  ): Promise<AppliedChange> {
    const deadline = Date.now() + WRITE_DEADLINE_MS;
    for (let attempt = 0; ; attempt += 1) {
      const current = await read();
      const result = decide(current.incident);
      if (await this.store.replace(current, result)) return { ...result, previous: current.incident };
      if (Date.now() > deadline) {
        throw new ConcurrentUpdateError('The incident kept changing under this command. Nothing was saved; please try again.');
      }
      await backoff(attempt);
    }
  }

  async incidentOfChannel(channelId: string): Promise<VersionedIncident> {
    const found = await this.store.findByChannel(channelId);
    if (!found) {
      throw new NotAnIncidentChannelError(
        'This channel is not an incident channel. Run this in the channel Hotwash opened for the incident, ' +
          'or declare one with `/incident start <title>`. `/incident list` shows the open incidents.',
      );
    }
    return found;
  }

  async timeline(channelId: string): Promise<{ incident: Incident; entries: TimelineEntry[] }> {
    const { incident } = await this.incidentOfChannel(channelId);
    return { incident, entries: sortTimeline(await this.store.timeline(incident.id)) };
  }

  /** Compiles the incident of `channelId` into its postmortem draft and keeps the draft with it. */
  async draftPostmortem(channelId: string): Promise<PostmortemDraftResult> {
    const { incident, entries } = await this.timeline(channelId);
    const names = await this.users.names(peopleIn(incident, entries));
    const data = buildPostmortemData({ incident, entries, timeZone: this.timeZone, nameOf: (id) => names.get(id) });
    const markdown = this.template(data);
    await this.store.savePostmortem(incident.id, { markdown, generatedAt: this.clock() });
    return { incident, markdown, data };
  }

  async listOpen(): Promise<Incident[]> {
    const open = await this.store.listOpen();
    return open.sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  }
}

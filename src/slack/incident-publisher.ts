import type { Clock } from '../domain/clock';
import { z } from 'zod';
import type { Page } from '../domain/escalation/escalation';
import type { TimeStyle } from '../domain/format-time';
import { isOpen, type Incident } from '../domain/incident';
import type { OutboxEntry, SideEffect } from '../domain/side-effect';
import type { TimelineEntry } from '../domain/timeline-entry';
import { SlackCallError, StorageUnavailableError, TrackerCallError } from '../errors';
import type { EffectDelivery } from '../ports/outbox';
import type { TrackedIssue } from '../ports/tracker';
import type { FollowUpNotices } from '../service/follow-up-export';
import type { PostmortemDraftResult } from '../ports/postmortem-sharing';
import { slackHint, trackerHint } from './explain-failure';
import { safeMrkdwn } from './safe-mrkdwn';
import { closedMessage, entryMessage } from './messages/entry-message';
import { directPageMessage, noPolicyMessage, pageMessage, reminderMessage } from './messages/escalation-message';
import { postmortemComment, postmortemFilename } from './messages/postmortem-message';
import type { SlackMessage } from './messages/slack-message';
import { announcementMessage, channelTopic, privateAnnouncementMessage, summaryMessage } from './messages/summary-message';
import type { SlackApi } from './slack-api';
import { LatestWins } from '../lifecycle/latest-wins';

/** Slack errors that mean "already done": inviting someone who is there, pinning what is pinned. */
const HARMLESS = new Set(['already_in_channel', 'cant_invite_self', 'already_pinned']);

/** Slack errors of an outage, not a refusal: the same call may well work later. */
const TRANSIENT = new Set(['ratelimited', 'unreachable', 'fatal_error', 'internal_error', 'service_unavailable', 'request_timeout', 'http_error']);

/** History Hotwash cannot read, where it can still post. */
const UNREADABLE = new Set(['not_in_channel', 'missing_scope', 'channel_not_found']);

/** Marks Hotwash's posts, so that a retry can find a post an earlier attempt made unseen. */
const EFFECT_EVENT_TYPE = 'hotwash_effect';
/** The metadata every post carries, naming the outbox entry it delivers (read back to find an earlier post). */
const effectPayload = z.object({ effect_id: z.string() });

/** How long a user group's members are taken as known. */
const GROUP_MEMBERS_TTL_MS = 60_000;

/** What the pinned summary is rewritten to show. */
interface SummaryState {
  incident: Incident;
  latest?: TimelineEntry;
}

/** Which effect a post is for, and whether an earlier attempt may have posted it already. */
interface PostMark {
  entry: OutboxEntry;
  retry?: boolean;
}

function isHarmless(error: unknown): boolean {
  return error instanceof SlackCallError && HARMLESS.has(error.slackError);
}

/** Whether a failed delivery is worth another try: Slack (or Redis, for bookkeeping) was away, not refusing. */
export function isTransientDeliveryFailure(error: unknown): boolean {
  if (error instanceof StorageUnavailableError) return true;
  return error instanceof SlackCallError && (TRANSIENT.has(error.slackError) || /^http_5\d\d$/.test(error.slackError));
}

export interface PublisherDeps {
  slack: SlackApi;
  time: TimeStyle;
  /** Whether ANNOUNCE_CHANNEL hears that a private incident was declared (only that). */
  announcePrivate?: boolean;
  /** The roles people can take, for the summary's "Take a role". */
  roles?: readonly string[];
  announceChannel?: string;
  clock: Clock;
  /** Remembers the pinned summary's ts with the incident; returns the incident as it then stands. */
  rememberSummary: (incidentId: string, ts: string) => Promise<Incident>;
  /** Remembers the announcement's ts, so it can be kept current and updates threaded under it. */
  rememberAnnouncement: (incidentId: string, ts: string) => Promise<Incident>;
  /** Compiles the incident's postmortem draft (and keeps it). */
  compilePostmortem: (incident: Incident) => Promise<PostmortemDraftResult>;
  /** The incident's newest timeline entry, for a summary shown late. */
  latestEntry: (incident: Incident) => Promise<TimelineEntry | undefined>;
}

/**
 * Shows incidents in Slack: every side effect a change promises (channel set-up, posts, pages,
 * the summary, the topic, the announcement, the postmortem), delivered from the outbox.
 */
export class IncidentPublisher implements EffectDelivery, FollowUpNotices {
  private readonly slack: SlackApi;
  private readonly time: TimeStyle;

  constructor(private readonly deps: PublisherDeps) {
    this.slack = deps.slack;
    this.time = deps.time;
  }

  /** The newest state shown in each incident's summary (its entryCount), so an older update never overwrites a newer one. */
  private readonly summaryShown = new Map<string, number>();
  private readonly groupCache = new Map<string, { until: number; members: Promise<string[]> }>();
  private readonly summaryRewrites = new LatestWins<SummaryState>(
    (state) => this.rewriteSummary(state),
    (a, b) => a.incident.entryCount >= b.incident.entryCount,
  );

  async deliver(entry: OutboxEntry, incident: Incident, { retry }: { retry: boolean }): Promise<void> {
    const { effect } = entry;
    const channel = incident.channelId;
    const mark = retry ? { entry, retry } : { entry };
    const post = (target: string, message: SlackMessage) => this.postOnce(target, message, mark);
    switch (effect.kind) {
      case 'invite':
        return this.ignoreHarmless(() => this.slack.call('conversations.invite', (client) => client.conversations.invite({ channel, users: effect.userId })));
      case 'topic':
        return this.refreshTopic(incident);
      case 'pinSummary':
        return this.pinSummary(incident, mark);
      case 'unpaged':
        return void (await post(channel, noPolicyMessage(incident)));
      case 'announce':
        return this.announce(incident, mark);
      case 'entry':
        if (effect.entry.kind === 'page' && effect.page)
          return void (await this.postOnce(channel, pageMessage(incident, effect.page, effect.entry.trigger, effect.entry.authorId), mark));
        return void (await post(channel, this.entryMessage(incident, effect.entry)));
      case 'directPage':
        return this.pageDirectly(incident, effect.page);
      case 'summary':
        return this.updateSummary(incident, effect.latest);
      case 'reminder':
        return void (await post(channel, reminderMessage(incident, effect.quietMs)));
      case 'announcement':
        return this.followAnnouncement(incident, effect.entry, mark);
      case 'followUp':
        return; // the tracker's, not Slack's (FollowUpExport)
      case 'postmortem':
        return this.publishPostmortem(await this.deps.compilePostmortem(incident));
    }
  }

  /** Tells the lead (and, for a page, the channel and the people it named) what could not be done. */
  async reportUndeliverable({ effect }: OutboxEntry, incident: Incident, error: unknown): Promise<void> {
    // The summary is a view of what the channel already shows: its failure is logged, nobody is owed a message.
    if (effect.kind === 'summary') return;
    const why =
      error instanceof SlackCallError
        ? `Slack refused \`${error.method}\` with \`${error.slackError}\`. ${slackHint(error)}`
        : error instanceof TrackerCallError
          ? `${error.message}. ${trackerHint(error.status)}`
          : 'An error inside Hotwash stopped it.';
    const text = `:warning: Incident #${incident.id}: Hotwash could not ${describeEffect(effect, this.deps.announceChannel)}. ${why}`;
    const recipients = new Set([incident.leadId]);
    // A follow-up that cannot be exported is the channel's business: it is told, with what to fix.
    if (effect.kind === 'followUp') recipients.add(incident.channelId);
    if ((effect.kind === 'entry' || effect.kind === 'directPage') && effect.entry.kind === 'page') {
      // A page that cannot reach the channel still reaches every person it named, directly.
      for (const target of effect.entry.targets) if (!target.startsWith('S')) recipients.add(target);
      recipients.add(incident.channelId);
    }
    const sent = await this.postToEach([...recipients], { text });
    const [first] = sent;
    if (first?.status === 'rejected' && sent.every((result) => result.status === 'rejected')) throw first.reason;
  }

  private entryMessage(incident: Incident, entry: TimelineEntry): SlackMessage {
    const now = this.deps.clock();
    return entry.kind === 'closed' ? closedMessage(incident, entry, this.time, now) : entryMessage(entry, this.time, now);
  }

  /** Posts the summary, remembers its ts, and pins it. A retry that finds the ts remembered only pins. */
  private async pinSummary(incident: Incident, mark: PostMark): Promise<void> {
    let ts = incident.summaryMessageTs;
    if (!ts) {
      ts = await this.postOnce(incident.channelId, summaryMessage(incident, this.time, this.deps.clock(), undefined, this.deps.roles), mark);
      const remembered = await this.deps.rememberSummary(incident.id, ts);
      // A first page may have gone out before the summary's ts was saved: show it now.
      if (remembered.entryCount > incident.entryCount) await this.updateSummary(remembered, await this.deps.latestEntry(remembered));
    }
    const timestamp = ts;
    await this.ignoreHarmless(() => this.slack.call('pins.add', (client) => client.pins.add({ channel: incident.channelId, timestamp })));
  }

  /**
   * The announcement. chat:write.public lets Hotwash post to a public channel it is not in; a
   * private one must invite it (Slack's not_in_channel, told to the lead with that hint).
   */
  private async announce(incident: Incident, mark: PostMark): Promise<void> {
    const channel = this.deps.announceChannel;
    if (!channel) return;
    if (incident.private) {
      // Nothing of a private incident leaves its channel; at most, that one was declared.
      if (this.deps.announcePrivate) await this.postOnce(channel, privateAnnouncementMessage(incident), mark);
      return;
    }
    const ts = await this.postOnce(channel, announcementMessage(incident, this.time, this.deps.clock()), mark);
    await this.deps.rememberAnnouncement(incident.id, ts);
  }

  /** FollowUpNotices: the channel hears of each issue created for a task. */
  async exported(incident: Incident, task: TimelineEntry & { kind: 'task' }, issue: TrackedIssue, trackerName: string): Promise<void> {
    const text = `:link: ${trackerName} issue <${issue.url.replace(/[<>|]/g, '')}|${safeMrkdwn(issue.key)}> created for the task: ${safeMrkdwn(task.text)}`;
    await this.slack.call('chat.postMessage', (client) => client.chat.postMessage({ channel: incident.channelId, text }));
  }

  /** The announcement rewritten to the incident's current state, and `entry` told in its thread. */
  private async followAnnouncement(incident: Incident, entry: TimelineEntry, mark: PostMark): Promise<void> {
    const channel = this.deps.announceChannel;
    const ts = incident.announcementTs;
    const told = this.entryMessage(incident, entry);
    if (channel && ts && !incident.private) {
      await this.postOnce(channel, { ...told, thread_ts: ts }, mark);
      await this.ignoreHarmless(() =>
        this.slack.call('chat.update', (client) => client.chat.update({ channel, ts, ...announcementMessage(incident, this.time, this.deps.clock()) })),
      );
    }
    // Subscribers hear it directly, with where it happened. After a crash they may hear it twice.
    const direct = incident.private
      ? { text: `:lock: A private incident you follow has news: <#${incident.channelId}>.` }
      : { text: `Incident #${incident.id} (<#${incident.channelId}>): ${told.text}` };
    await this.postToEach(incident.subscribers ?? [], direct);
  }

  /** One message to each of several channels or people, each on its own: one refusal does not stop the others. */
  private postToEach(channels: readonly string[], message: SlackMessage): Promise<PromiseSettledResult<unknown>[]> {
    return Promise.allSettled(channels.map((channel) => this.slack.call('chat.postMessage', (client) => client.chat.postMessage({ channel, ...message }))));
  }

  /**
   * Rewrites the pinned summary in place (chat.update). A burst of changes to one incident makes
   * at most one rewrite in flight and one after it, showing the newest state: the summary is a
   * view, and only its last state matters.
   */
  updateSummary(incident: Incident, latest?: TimelineEntry): Promise<void> {
    if (!incident.summaryMessageTs) return Promise.resolve();
    return this.summaryRewrites.run(incident.id, { incident, latest });
  }

  private async rewriteSummary({ incident, latest }: SummaryState): Promise<void> {
    const ts = incident.summaryMessageTs!;
    if ((this.summaryShown.get(incident.id) ?? -1) > incident.entryCount) return;
    // A closed incident's summary changes no more (captures do not touch it): forget it.
    if (isOpen(incident)) this.summaryShown.set(incident.id, incident.entryCount);
    else this.summaryShown.delete(incident.id);
    await this.slack.call('chat.update', (client) =>
      client.chat.update({ channel: incident.channelId, ts, ...summaryMessage(incident, this.time, this.deps.clock(), latest, this.deps.roles) }),
    );
  }

  /**
   * After a page reached the channel: a direct message to each person it names (user groups
   * expanded, nobody twice), then an invitation of everyone into the channel. After a crash the
   * direct messages are sent again: a person paged twice beats one not paged at all.
   */
  private async pageDirectly(incident: Incident, page: Page): Promise<void> {
    const { people, unknownGroups } = await this.expandTargets(page.targets);
    const direct = directPageMessage(incident, page);
    const sent = await this.postToEach(people, direct);
    const unreached = [...unknownGroups.map((id) => `<!subteam^${id}>`), ...people.filter((_, i) => sent[i]!.status === 'rejected').map((id) => `<@${id}>`)];
    if (unreached.length > 0) {
      // Nobody is paged in silence: who could not be reached is said where the responders look.
      const text = `:warning: Hotwash could not page ${unreached.join(', ')} directly: Slack does not know them, or refused the message. Check the escalation policy.`;
      await this.slack.call('chat.postMessage', (client) => client.chat.postMessage({ channel: incident.channelId, text })).catch(() => undefined);
    }
    if (people.length === 0) return;
    // force: invite everyone who can be invited, even if some are already there or cannot be.
    await this.ignoreHarmless(() =>
      this.slack.call('conversations.invite', (client) => client.conversations.invite({ channel: incident.channelId, users: people.join(','), force: true })),
    );
  }

  /** User IDs stay; user groups (S…) become their members; a group Slack does not know is named apart. */
  private async expandTargets(targets: readonly string[]): Promise<{ people: string[]; unknownGroups: string[] }> {
    const unknownGroups: string[] = [];
    const members = await Promise.all(
      targets.map(async (id) => {
        if (!id.startsWith('S')) return [id];
        try {
          return await this.groupMembers(id);
        } catch (error) {
          if (!(error instanceof SlackCallError) || isTransientDeliveryFailure(error)) throw error;
          unknownGroups.push(id);
          return [];
        }
      }),
    );
    return { people: [...new Set(members.flat())], unknownGroups };
  }

  /**
   * The members of a user group, asked of Slack at most once a minute per group: a burst of
   * pages names the same few groups again and again, and who is in a group rarely changes.
   * Lookups at the same moment share one call; a failed one is not kept.
   */
  private groupMembers(id: string): Promise<string[]> {
    const now = this.deps.clock().getTime();
    const known = this.groupCache.get(id);
    if (known && known.until > now) return known.members;
    const members = this.slack.call('usergroups.users.list', (client) => client.usergroups.users.list({ usergroup: id })).then((listed) => listed.users ?? []);
    this.groupCache.set(id, { until: now + GROUP_MEMBERS_TTL_MS, members });
    members.catch(() => this.groupCache.delete(id));
    return members;
  }

  /**
   * Posts a message marked with the effect's id. On a retry, an earlier attempt may have been
   * posted although its answer was lost (a crash, a timeout): the channel's history since the
   * effect was recorded is searched for the mark first, so the retry does not post it twice.
   */
  private async postOnce(channel: string, message: SlackMessage, { entry, retry }: PostMark): Promise<string> {
    if (retry) {
      const earlier = await this.findPosted(channel, entry, message.thread_ts).catch((error: unknown) => {
        // A channel Hotwash may post to but not read (chat:write.public): post, and risk a double.
        if (error instanceof SlackCallError && UNREADABLE.has(error.slackError)) return undefined;
        throw error;
      });
      if (earlier) return earlier;
    }
    const posted = await this.slack.call('chat.postMessage', (client) =>
      client.chat.postMessage({ channel, ...message, metadata: { event_type: EFFECT_EVENT_TYPE, event_payload: { effect_id: entry.id } } }),
    );
    if (!posted.ts) throw new SlackCallError('chat.postMessage', 'no_ts_returned');
    return posted.ts;
  }

  /** The ts of a message posted for `entry`, searched from a minute before it was recorded (five pages at most). */
  private async findPosted(channel: string, entry: OutboxEntry, threadTs?: string): Promise<string | undefined> {
    const oldest = String(Math.floor(entry.createdAt.getTime() / 1000) - 60);
    let cursor: string | undefined;
    for (let page = 0; page < 5; page += 1) {
      const paging = { oldest, limit: 200, include_all_metadata: true, ...(cursor ? { cursor } : {}) };
      // A reply in a thread is found among the thread's replies, not the channel's history.
      const history = await this.slack.call(threadTs ? 'conversations.replies' : 'conversations.history', (client) =>
        threadTs ? client.conversations.replies({ channel, ts: threadTs, ...paging }) : client.conversations.history({ channel, ...paging }),
      );
      const earlier = history.messages?.find(
        (m) => m.metadata?.event_type === EFFECT_EVENT_TYPE && effectPayload.safeParse(m.metadata.event_payload).data?.effect_id === entry.id,
      );
      if (earlier?.ts) return earlier.ts;
      cursor = history.response_metadata?.next_cursor;
      if (!history.has_more || !cursor) return undefined;
    }
    return undefined;
  }

  private async ignoreHarmless(call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (error) {
      if (!isHarmless(error)) throw error;
    }
  }

  /** Uploads the draft into the incident channel as a Markdown file, with a comment on what is missing. */
  async publishPostmortem({ incident, markdown, data }: PostmortemDraftResult): Promise<void> {
    await this.slack.call('files.uploadV2', (client) =>
      client.files.uploadV2({
        channel_id: incident.channelId,
        filename: postmortemFilename(incident),
        title: `Postmortem draft: incident #${incident.id}`,
        content: markdown,
        initial_comment: postmortemComment(incident, data),
      }),
    );
  }

  /** Sets the channel topic from severity, status and title. */
  async refreshTopic(incident: Incident): Promise<void> {
    await this.slack.call('conversations.setTopic', (client) => client.conversations.setTopic({ channel: incident.channelId, topic: channelTopic(incident) }));
  }
}

/** What an effect does, as the end of "Hotwash could not …". */
export function describeEffect(effect: SideEffect, announceChannel?: string): string {
  switch (effect.kind) {
    case 'invite':
      return `invite <@${effect.userId}> to the channel`;
    case 'topic':
      return 'set the channel topic';
    case 'pinSummary':
      return 'post the incident summary';
    case 'unpaged':
      return 'post the escalation notice';
    case 'announce':
      return `announce the incident in <#${announceChannel ?? ''}>`;
    case 'entry':
      return effect.entry.kind === 'page' ? `post the level ${effect.entry.level} page` : 'post the timeline entry in the channel';
    case 'directPage':
      return `page level ${effect.page.level} by direct message`;
    case 'summary':
      return 'update the pinned summary';
    case 'reminder':
      return 'post the reminder';
    case 'postmortem':
      return 'post the postmortem draft';
    case 'announcement':
      return `tell <#${announceChannel ?? ''}> of the ${effect.entry.kind === 'update' ? 'status update' : 'change'}`;
    case 'followUp':
      return `create the tracker issue of the task "${effect.entry.kind === 'task' ? safeMrkdwn(effect.entry.text.slice(0, 80)) : ''}"`;
  }
}

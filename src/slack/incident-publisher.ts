import type { Page } from '../domain/escalation/escalation';
import { isOpen, type ChangeResult, type Incident } from '../domain/incident';
import type { TimelineEntry } from '../domain/timeline-entry';
import { SlackCallError } from '../errors';
import type { PostmortemDraftResult } from '../service/incident-service';
import { closedMessage, entryMessage } from './messages/entry-message';
import { noPolicyMessage, pageMessage, reminderMessage } from './messages/escalation-message';
import { postmortemComment, postmortemFilename } from './messages/postmortem-message';
import { announcementMessage, channelTopic, summaryMessage } from './messages/summary-message';
import type { SlackApi } from './slack-api';

/** Slack errors that mean "already done": inviting someone who is there, pinning what is pinned. */
const HARMLESS = new Set(['already_in_channel', 'cant_invite_self', 'already_pinned']);

function isHarmless(error: unknown): boolean {
  return error instanceof SlackCallError && HARMLESS.has(error.slackError);
}

/** Shows incidents in Slack: the channel's summary, topic and timeline posts, and the announcement. */
export class IncidentPublisher {
  constructor(
    private readonly slack: SlackApi,
    private readonly timeZone: string,
    private readonly announceChannel: string | undefined,
    private readonly clock: () => Date,
    /** Where a failed summary update goes: it must not fail the change that caused it. */
    private readonly onSummaryError: (error: unknown) => void = () => undefined,
  ) {}

  /** The newest state shown in each incident's summary (its entryCount), so an older update never overwrites a newer one. */
  private readonly summaryShown = new Map<string, number>();

  /**
   * Sets up a new incident's channel. Each step is independent: one failing does not stop the
   * others, and every failure comes back as a sentence for the declarer.
   */
  async publishDeclared(incident: Incident, latest?: TimelineEntry): Promise<{ summaryTs?: string; problems: string[] }> {
    const problems: string[] = [];
    const attempt = async <T>(what: string, step: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await step();
      } catch (error) {
        if (isHarmless(error)) return undefined;
        problems.push(`I couldn't ${what} (Slack said \`${(error as SlackCallError).slackError ?? (error as Error).message}\`).`);
        return undefined;
      }
    };
    const channel = incident.channelId;

    await attempt('invite you to the channel', () =>
      this.slack.call('conversations.invite', (client) => client.conversations.invite({ channel, users: incident.declaredBy })),
    );
    await attempt('set the channel topic', () => this.refreshTopic(incident));
    const summary = await attempt('post the incident summary', () =>
      this.slack.call('chat.postMessage', (client) =>
        client.chat.postMessage({ channel, ...summaryMessage(incident, this.timeZone, this.clock(), latest) }),
      ),
    );
    const summaryTs = summary?.ts;
    if (incident.escalation?.state === 'no_policy') {
      await attempt('post the escalation notice', () =>
        this.slack.call('chat.postMessage', (client) => client.chat.postMessage({ channel, ...noPolicyMessage(incident) })),
      );
    }
    if (summaryTs) {
      await attempt('pin the summary', () =>
        this.slack.call('pins.add', (client) => client.pins.add({ channel, timestamp: summaryTs })),
      );
    }
    if (this.announceChannel) {
      const announceChannel = this.announceChannel;
      await attempt(`announce the incident in <#${announceChannel}>`, () =>
        this.slack.call('chat.postMessage', (client) =>
          client.chat.postMessage({ channel: announceChannel, ...announcementMessage(incident) }),
        ),
      );
    }
    return { summaryTs, problems };
  }

  /**
   * Shows a change in the incident channel: each new entry in order (a page as a page), then the
   * summary brought up to date. Captured messages are already in the channel: they are not
   * posted again, and keeping them in step changes nothing the summary shows.
   */
  async publishChange({ incident, entries, page }: ChangeResult): Promise<void> {
    const recorded = entries.filter((entry) => entry.kind !== 'message');
    for (const entry of recorded) {
      if (entry.kind === 'page' && page) {
        await this.publishPage(incident, entry, page);
        continue;
      }
      const message = entry.kind === 'closed' ? closedMessage(incident, entry, this.timeZone, this.clock()) : entryMessage(entry, this.timeZone, this.clock());
      await this.slack.call('chat.postMessage', (client) => client.chat.postMessage({ channel: incident.channelId, ...message }));
    }
    if (recorded.length > 0) await this.refreshSummary(incident, recorded.at(-1));
  }

  /** Rewrites the pinned summary in place (chat.update). A failure is reported to onSummaryError, not thrown. */
  async refreshSummary(incident: Incident, latest?: TimelineEntry): Promise<void> {
    const ts = incident.summaryMessageTs;
    if (!ts || (this.summaryShown.get(incident.id) ?? -1) > incident.entryCount) return;
    // A closed incident's summary changes no more (captures do not touch it): forget it.
    if (isOpen(incident)) this.summaryShown.set(incident.id, incident.entryCount);
    else this.summaryShown.delete(incident.id);
    try {
      await this.slack.call('chat.update', (client) =>
        client.chat.update({ channel: incident.channelId, ts, ...summaryMessage(incident, this.timeZone, this.clock(), latest) }),
      );
    } catch (error) {
      this.onSummaryError(error);
    }
  }

  /** A page: the message that mentions the targets, then an invitation of everyone it names. */
  private async publishPage(incident: Incident, entry: TimelineEntry & { kind: 'page' }, page: Page): Promise<void> {
    await this.slack.call('chat.postMessage', (client) =>
      client.chat.postMessage({ channel: incident.channelId, ...pageMessage(incident, page, entry.trigger, entry.authorId) }),
    );
    const people = await this.expandTargets(page.targets);
    if (people.length === 0) return;
    try {
      // force: invite everyone who can be invited, even if some are already there or cannot be.
      await this.slack.call('conversations.invite', (client) =>
        client.conversations.invite({ channel: incident.channelId, users: people.join(','), force: true }),
      );
    } catch (error) {
      if (!isHarmless(error)) throw error;
    }
  }

  /** User IDs stay; user groups (S…) become their members. */
  private async expandTargets(targets: readonly string[]): Promise<string[]> {
    const members = await Promise.all(
      targets.map(async (id) => {
        if (!id.startsWith('S')) return [id];
        const listed = await this.slack.call('usergroups.users.list', (client) => client.usergroups.users.list({ usergroup: id }));
        return listed.users ?? [];
      }),
    );
    return [...new Set(members.flat())];
  }

  async publishReminder(incident: Incident, quietMs: number): Promise<void> {
    await this.slack.call('chat.postMessage', (client) =>
      client.chat.postMessage({ channel: incident.channelId, ...reminderMessage(incident, quietMs) }),
    );
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
    await this.slack.call('conversations.setTopic', (client) =>
      client.conversations.setTopic({ channel: incident.channelId, topic: channelTopic(incident) }),
    );
  }
}

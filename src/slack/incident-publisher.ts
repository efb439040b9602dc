import type { webApi } from '@slack/bolt';
import type { Page } from '../domain/escalation/escalation';
import type { ChangeResult, Incident } from '../domain/incident';
import type { TimelineEntry } from '../domain/timeline-entry';
import { SlackCallError } from '../errors';
import type { PostmortemDraftResult } from '../service/incident-service';
import { entryMessage } from './messages/entry-message';
import { noPolicyMessage, pageMessage, reminderMessage } from './messages/escalation-message';
import { postmortemComment, postmortemFilename } from './messages/postmortem-message';
import { announcementMessage, channelTopic, summaryMessage } from './messages/summary-message';
import { callSlack } from './slack-call-error';

/** Slack errors that mean "already done": inviting someone who is there, pinning what is pinned. */
const HARMLESS = new Set(['already_in_channel', 'cant_invite_self', 'already_pinned']);

function isHarmless(error: unknown): boolean {
  return error instanceof SlackCallError && HARMLESS.has(error.slackError);
}

/** Shows incidents in Slack: the channel's summary, topic and timeline posts, and the announcement. */
export class IncidentPublisher {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly timeZone: string,
    private readonly announceChannel: string | undefined,
    private readonly clock: () => Date,
  ) {}

  /**
   * Sets up a new incident's channel. Each step is independent: one failing does not stop the
   * others, and every failure comes back as a sentence for the declarer.
   */
  async publishDeclared(incident: Incident): Promise<{ summaryTs?: string; problems: string[] }> {
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
      callSlack('conversations.invite', () => this.client.conversations.invite({ channel, users: incident.declaredBy })),
    );
    await attempt('set the channel topic', () =>
      callSlack('conversations.setTopic', () => this.client.conversations.setTopic({ channel, topic: channelTopic(incident) })),
    );
    const summary = await attempt('post the incident summary', () =>
      callSlack('chat.postMessage', () =>
        this.client.chat.postMessage({ channel, ...summaryMessage(incident, this.timeZone, this.clock()) }),
      ),
    );
    const summaryTs = summary?.ts;
    if (incident.escalation?.state === 'no_policy') {
      await attempt('post the escalation notice', () =>
        callSlack('chat.postMessage', () => this.client.chat.postMessage({ channel, ...noPolicyMessage(incident) })),
      );
    }
    if (summaryTs) {
      await attempt('pin the summary', () =>
        callSlack('pins.add', () => this.client.pins.add({ channel, timestamp: summaryTs })),
      );
    }
    if (this.announceChannel) {
      const announceChannel = this.announceChannel;
      await attempt(`announce the incident in <#${announceChannel}>`, () =>
        callSlack('chat.postMessage', () =>
          this.client.chat.postMessage({ channel: announceChannel, ...announcementMessage(incident) }),
        ),
      );
    }
    return { summaryTs, problems };
  }

  /** Shows a change in the incident channel: each new entry in order, a page as a page. */
  async publishChange({ incident, entries, page }: ChangeResult): Promise<void> {
    for (const entry of entries) {
      if (entry.kind === 'page' && page) {
        await this.publishPage(incident, entry, page);
        continue;
      }
      await callSlack('chat.postMessage', () =>
        this.client.chat.postMessage({ channel: incident.channelId, ...entryMessage(entry, this.timeZone, this.clock()) }),
      );
    }
  }

  /** A page: the message that mentions the targets, then an invitation of everyone it names. */
  private async publishPage(incident: Incident, entry: TimelineEntry & { kind: 'page' }, page: Page): Promise<void> {
    await callSlack('chat.postMessage', () =>
      this.client.chat.postMessage({ channel: incident.channelId, ...pageMessage(incident, page, entry.trigger, entry.authorId) }),
    );
    const people = await this.expandTargets(page.targets);
    if (people.length === 0) return;
    try {
      // force: invite everyone who can be invited, even if some are already there or cannot be.
      await callSlack('conversations.invite', () =>
        this.client.conversations.invite({ channel: incident.channelId, users: people.join(','), force: true }),
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
        const listed = await callSlack('usergroups.users.list', () => this.client.usergroups.users.list({ usergroup: id }));
        return listed.users ?? [];
      }),
    );
    return [...new Set(members.flat())];
  }

  async publishReminder(incident: Incident, quietMs: number): Promise<void> {
    await callSlack('chat.postMessage', () =>
      this.client.chat.postMessage({ channel: incident.channelId, ...reminderMessage(incident, quietMs) }),
    );
  }

  /** Uploads the draft into the incident channel as a Markdown file, with a comment on what is missing. */
  async publishPostmortem({ incident, markdown, data }: PostmortemDraftResult): Promise<void> {
    await callSlack('files.uploadV2', () =>
      this.client.files.uploadV2({
        channel_id: incident.channelId,
        filename: postmortemFilename(incident),
        title: `Postmortem draft: incident #${incident.id}`,
        content: markdown,
        initial_comment: postmortemComment(incident, data),
      }),
    );
  }

  async refreshTopic(incident: Incident): Promise<void> {
    await callSlack('conversations.setTopic', () =>
      this.client.conversations.setTopic({ channel: incident.channelId, topic: channelTopic(incident) }),
    );
  }
}

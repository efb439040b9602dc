import { MAX_CHANNEL_NAME_ATTEMPTS } from '../domain/channel-name';
import { SlackCallError } from '../errors';
import type { ChannelOpener, OpenedChannel } from '../ports/channel-opener';
import type { SlackApi } from './slack-api';

/** Opens incident channels (public, or private when asked), moving to the next numbered name while Slack says `name_taken`. */
export class SlackChannelOpener implements ChannelOpener {
  constructor(private readonly slack: SlackApi) {}

  async open(nameFor: (attempt: number) => string, options: { private?: boolean } = {}): Promise<OpenedChannel> {
    let lastName = nameFor(1);
    for (let attempt = 1; attempt <= MAX_CHANNEL_NAME_ATTEMPTS; attempt += 1) {
      lastName = nameFor(attempt);
      try {
        const created = await this.slack.call('conversations.create', (client) =>
          client.conversations.create({ name: lastName, is_private: options.private === true }),
        );
        const id = created.channel?.id;
        if (!id) throw new SlackCallError('conversations.create', 'no_channel_in_response');
        return { id, name: created.channel?.name ?? lastName };
      } catch (error) {
        if (error instanceof SlackCallError && error.slackError === 'name_taken') continue;
        throw error;
      }
    }
    throw new SlackCallError('conversations.create', `name_taken (tried ${lastName} and ${MAX_CHANNEL_NAME_ATTEMPTS - 1} others)`);
  }

  async isMember(channelId: string, userId: string): Promise<boolean> {
    let cursor: string | undefined;
    for (let page = 0; page < 20; page += 1) {
      const listed = await this.slack.call('conversations.members', (client) =>
        client.conversations.members({ channel: channelId, limit: 1000, ...(cursor ? { cursor } : {}) }),
      );
      if (listed.members?.includes(userId)) return true;
      cursor = listed.response_metadata?.next_cursor;
      if (!cursor) return false;
    }
    return false;
  }

  async abandon(channelId: string): Promise<void> {
    await this.slack.call('conversations.archive', (client) => client.conversations.archive({ channel: channelId }));
  }
}

import { MAX_CHANNEL_NAME_ATTEMPTS } from '../domain/channel-name';
import { SlackCallError } from '../errors';
import type { ChannelOpener, OpenedChannel } from '../ports/channel-opener';
import type { SlackApi } from './slack-api';

/** Opens public incident channels, moving to the next numbered name while Slack says `name_taken`. */
export class SlackChannelOpener implements ChannelOpener {
  constructor(private readonly slack: SlackApi) {}

  async open(nameFor: (attempt: number) => string): Promise<OpenedChannel> {
    let lastName = nameFor(1);
    for (let attempt = 1; attempt <= MAX_CHANNEL_NAME_ATTEMPTS; attempt += 1) {
      lastName = nameFor(attempt);
      try {
        const created = await this.slack.call('conversations.create', (client) => client.conversations.create({ name: lastName, is_private: false }));
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

  async abandon(channelId: string): Promise<void> {
    await this.slack.call('conversations.archive', (client) => client.conversations.archive({ channel: channelId }));
  }
}

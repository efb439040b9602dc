import type { webApi } from '@slack/bolt';
import { SlackCallError } from '../errors';
import type { SlackApi } from './slack-api';

/** Where to tell one person something only they see. */
export interface ReplyTarget {
  userId: string;
  channelId: string;
  /** The response_url of the command or click being answered, when there is one. */
  responseUrl?: string;
}

/**
 * Tells one person the outcome of what they did: through the response_url Slack gave with their
 * command or click (it works in any channel, even where Hotwash is not a member), else as an
 * ephemeral message in the channel.
 */
export class Replier {
  /** `transport` is the Web API client's (SlackFetch), which keeps each call's time limit itself. */
  constructor(
    private readonly slack: SlackApi,
    private readonly transport: { fetch: webApi.FetchFunction },
  ) {}

  async tell(target: ReplyTarget, text: string): Promise<void> {
    if (target.responseUrl) {
      const response = await this.transport
        .fetch(target.responseUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
        })
        .catch((error: unknown) => {
          throw new SlackCallError('response_url', 'unreachable', { cause: error });
        });
      if (!response.ok) throw new SlackCallError('response_url', `http_${response.status}`);
      return;
    }
    await this.slack.call('chat.postEphemeral', (client) => client.chat.postEphemeral({ channel: target.channelId, user: target.userId, text }));
  }
}

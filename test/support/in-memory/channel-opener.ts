import { SlackCallError } from '../../../src/errors';
import type { ChannelOpener, OpenedChannel } from '../../../src/ports/channel-opener';

/** Channels in memory: names already taken are skipped as Slack's name_taken makes the adapter do. */
export class InMemoryChannelOpener implements ChannelOpener {
  readonly opened: OpenedChannel[] = [];
  readonly abandoned: string[] = [];
  readonly taken = new Set<string>();
  /** The Slack error the next `open` fails with, once. */
  failNext?: string;

  readonly members = new Map<string, string[]>();
  readonly privateChannels = new Set<string>();

  async isMember(channelId: string, userId: string): Promise<boolean> {
    return this.members.get(channelId)?.includes(userId) ?? false;
  }

  async open(nameFor: (attempt: number) => string, options: { private?: boolean } = {}): Promise<OpenedChannel> {
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw new SlackCallError('conversations.create', error);
    }
    for (let attempt = 1; ; attempt += 1) {
      const name = nameFor(attempt);
      if (this.taken.has(name)) continue;
      this.taken.add(name);
      const channel = { id: `C${String(this.opened.length + 1).padStart(6, '0')}`, name };
      this.opened.push(channel);
      if (options.private) this.privateChannels.add(channel.id);
      return channel;
    }
  }

  async abandon(channelId: string): Promise<void> {
    this.abandoned.push(channelId);
  }
}

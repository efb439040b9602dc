export interface OpenedChannel {
  id: string;
  name: string;
}

/** Creates incident channels. The Slack adapter implements it; the service only asks. */
export interface ChannelOpener {
  /** Creates a channel named `nameFor(1)`, or `nameFor(2)`, … when names are taken; a private one when asked. */
  open(nameFor: (attempt: number) => string, options?: { private?: boolean }): Promise<OpenedChannel>;
  /** Whether `userId` is a member of `channelId` (who may see a private incident). */
  isMember(channelId: string, userId: string): Promise<boolean>;
  /** Best-effort removal of a channel whose incident could not be saved. */
  abandon(channelId: string): Promise<void>;
}

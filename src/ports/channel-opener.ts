export interface OpenedChannel {
  id: string;
  name: string;
}

/** Creates incident channels. The Slack adapter implements it; the service only asks. */
export interface ChannelOpener {
  /** Creates a channel named `nameFor(1)`, or `nameFor(2)`, … when names are taken. */
  open(nameFor: (attempt: number) => string): Promise<OpenedChannel>;
  /** Best-effort removal of a channel whose incident could not be saved. */
  abandon(channelId: string): Promise<void>;
}

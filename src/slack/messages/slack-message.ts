import type { KnownBlock } from '@slack/types';

/** A message as Hotwash posts it: the text (notifications, fallbacks) and, when it has them, Block Kit blocks. */
export interface SlackMessage {
  text: string;
  blocks?: KnownBlock[];
  /** Posted as a reply in this thread. */
  thread_ts?: string;
}

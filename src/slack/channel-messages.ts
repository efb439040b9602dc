import type { CapturedMessage } from '../domain/incident';
import type { SlackApi } from './slack-api';

/** The parts of a Slack message Hotwash reads. */
export interface ChannelMessage {
  ts?: string;
  text?: string;
  user?: string;
  bot_id?: string;
  reactions?: { name?: string; count?: number }[];
}

export const PUSHPIN = 'pushpin';

/**
 * Reads one message of a channel by its ts. conversations.history holds top-level messages;
 * a thread reply is found through conversations.replies. Undefined when it no longer exists.
 */
export async function readChannelMessage(slack: SlackApi, channel: string, ts: string): Promise<ChannelMessage | undefined> {
  const history = await slack.call('conversations.history', (client) =>
    client.conversations.history({ channel, latest: ts, oldest: ts, inclusive: true, limit: 1 }),
  );
  const top: ChannelMessage | undefined = history.messages?.find((message) => message.ts === ts);
  if (top) return top;
  const replies = await slack.call('conversations.replies', (client) =>
    client.conversations.replies({ channel, ts, latest: ts, oldest: ts, inclusive: true, limit: 1 }),
  );
  return replies.messages?.find((message) => message.ts === ts);
}

/** A Slack ts (`1707128700.000100`: seconds and microseconds) as the instant it stands for. */
export function tsToDate(ts: string): Date {
  const [seconds, micros = '0'] = ts.split('.');
  return new Date(Number(seconds) * 1000 + Math.floor(Number(micros.padEnd(6, '0').slice(0, 6)) / 1000));
}

/** A message as the timeline keeps it; undefined for one with no author (a system message). */
export function toCapturedMessage(message: ChannelMessage): CapturedMessage | undefined {
  const authorId = message.user ?? message.bot_id;
  if (!message.ts || !authorId) return undefined;
  return { ts: message.ts, text: message.text?.trim() || '(a message with no text)', authorId, at: tsToDate(message.ts) };
}

export function hasPushpin(message: ChannelMessage): boolean {
  return (message.reactions ?? []).some((reaction) => reaction.name === PUSHPIN && (reaction.count ?? 0) > 0);
}

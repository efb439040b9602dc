import type { SlackEventMiddlewareArgs } from '@slack/bolt';
import { hasPushpin, PUSHPIN, readChannelMessage, toCapturedMessage, type ChannelMessage } from '../../channel-messages';
import { explainFailure } from '../../explain-failure';
import type { ListenerDeps } from '../listener-deps';
import { isNothingToFollow } from './nothing-to-follow';

export type ReactionArgs<T extends 'reaction_added' | 'reaction_removed'> = Pick<SlackEventMiddlewareArgs<T>, 'event'>;

function isOwn(message: ChannelMessage, bot: ListenerDeps['bot']): boolean {
  return message.user === bot.userId || (bot.botId !== undefined && message.bot_id === bot.botId);
}

/**
 * 📌 on a message in an incident channel puts it on the timeline, with its own author and time;
 * the person who pinned hears so (only they see it). Hotwash's own posts are the timeline already.
 */
export function createPushpinAddedHandler(deps: ListenerDeps) {
  return async function handlePushpinAdded({ event }: ReactionArgs<'reaction_added'>): Promise<void> {
    if (event.reaction !== PUSHPIN || event.item.type !== 'message') return;
    const { channel, ts } = event.item;
    const target = { userId: event.user, channelId: channel };
    try {
      const incident = await deps.service.incident(channel);
      const message = await readChannelMessage(deps.slack, channel, ts);
      const captured = message && !isOwn(message, deps.bot) ? toCapturedMessage(message) : undefined;
      if (!captured) return;
      await deps.service.change(channel, { kind: 'capture', message: captured }, event.user);
      await deps.replier
        .tell(target, `:pushpin: Added <@${captured.authorId}>'s message to the timeline of incident #${incident.id}. Remove the :pushpin: to take it off.`)
        .catch(() => undefined);
    } catch (error) {
      if (isNothingToFollow(error)) return;
      await deps.replier.tell(target, `${explainFailure(error)} Remove the :pushpin: and add it again to retry.`).catch(() => undefined);
      throw error;
    }
  };
}

/** Removing the last 📌 takes the message off the timeline again. */
export function createPushpinRemovedHandler(deps: ListenerDeps) {
  return async function handlePushpinRemoved({ event }: ReactionArgs<'reaction_removed'>): Promise<void> {
    if (event.reaction !== PUSHPIN || event.item.type !== 'message') return;
    const { channel, ts } = event.item;
    try {
      await deps.service.incident(channel);
      const message = await readChannelMessage(deps.slack, channel, ts);
      if (message && hasPushpin(message)) return; // someone else's 📌 still holds it
      await deps.service.change(channel, { kind: 'uncapture', messageTs: ts }, event.user);
    } catch (error) {
      if (isNothingToFollow(error)) return;
      await deps.replier.tell({ userId: event.user, channelId: channel }, explainFailure(error)).catch(() => undefined);
      throw error;
    }
  };
}

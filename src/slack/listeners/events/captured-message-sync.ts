import type { SlackEventMiddlewareArgs } from '@slack/bolt';
import type { IncidentChange } from '../../../domain/incident';
import { toCapturedMessage } from '../../channel-messages';
import type { ListenerDeps } from '../listener-deps';
import { isNothingToFollow } from './nothing-to-follow';

export type MessageEventArgs = Pick<SlackEventMiddlewareArgs<'message'>, 'event'>;

/**
 * Keeps captured messages in step with Slack: an edit rewrites the entry, a deletion removes it.
 * Messages that are not on any timeline (nearly all of them) are left alone.
 */
export function createCapturedMessageSyncHandler(deps: ListenerDeps) {
  return async function handleMessageEvent({ event }: MessageEventArgs): Promise<void> {
    const change = changeFor(event);
    if (!change) return;
    const { channel, kind, actorId } = change;
    try {
      await deps.service.change(channel, kind, actorId);
    } catch (error) {
      if (isNothingToFollow(error)) return;
      throw error;
    }
  };
}

function changeFor(event: MessageEventArgs['event']): { channel: string; kind: IncidentChange; actorId: string } | undefined {
  if (event.subtype === 'message_changed') {
    const { channel, message, previous_message: previous } = event;
    // Slack also sends message_changed for unfurls and thread bookkeeping; only a new text matters.
    if (previous && textOf(previous) === textOf(message)) return undefined;
    const captured = toCapturedMessage(message);
    return captured && { channel, kind: { kind: 'capturedEdited', message: captured }, actorId: captured.authorId };
  }
  if (event.subtype === 'message_deleted') {
    const { channel, deleted_ts: ts } = event;
    return { channel, kind: { kind: 'uncapture', messageTs: ts }, actorId: 'USLACKBOT' };
  }
  return undefined;
}

/** A message's text; some kinds of message (an edit's own record, a deletion) have none. */
function textOf(message: object): string | undefined {
  return 'text' in message && typeof message.text === 'string' ? message.text : undefined;
}

import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../../observability/logger';
import type { EventLedger } from '../../../ports/event-ledger';

/**
 * Applies each Events API delivery once. Slack redelivers an event it believes was missed (with
 * X-Slack-Retry-Num), perhaps to another replica; the first to claim its event_id in Redis
 * handles it, the others drop it. A delivery that fails gives its claim back, so a redelivery can
 * try again. When Redis cannot answer the claim, the event is handled anyway: every change it
 * makes is idempotent (a message is captured at most once), so a rare double is harmless, and a
 * lost event is not.
 */
/** The parts of an Events API delivery this middleware reads; anything else (commands, clicks) passes through. */
const eventDelivery = z.object({
  type: z.literal('event_callback'),
  event_id: z.string().min(1),
  event: z.object({ type: z.string(), subtype: z.string().optional() }),
});

export function oncePerEvent(ledger: EventLedger, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const delivery = eventDelivery.safeParse(body);
    const eventId = delivery.success && changesSomething(delivery.data.event) ? delivery.data.event_id : undefined;
    if (!eventId) return next();
    let claimed = true;
    try {
      claimed = await ledger.claim(eventId);
    } catch (error) {
      logger.warn({ err: error, eventId }, 'could not check whether this event was seen before; handling it');
    }
    if (!claimed) {
      logger.debug({ eventId }, 'event already handled; this delivery is a retry');
      return;
    }
    try {
      await next();
    } catch (error) {
      await ledger.release(eventId).catch(() => undefined);
      logger.error({ err: error, eventId }, 'handling an event failed');
    }
  };
}

/**
 * Events that can change a timeline. Every other message in a channel Hotwash is in arrives too
 * (message.channels); those need no claim, which spares Redis a write per message.
 */
function changesSomething(event: { type: string; subtype?: string }): boolean {
  if (event.type === 'reaction_added' || event.type === 'reaction_removed') return true;
  return event.type === 'message' && (event.subtype === 'message_changed' || event.subtype === 'message_deleted');
}

import { z } from 'zod';

/** The delivery queue's name; its keys live under `<REDIS_PREFIX>:delivery:`. */
export const DELIVERY_QUEUE = 'delivery';

/** A job names an outbox entry; the entry itself stays in the outbox until it is delivered. */
export const deliveryJobSchema = z.object({ entryId: z.string().regex(/^[A-Za-z0-9_-]+$/) });
export type DeliveryJob = z.infer<typeof deliveryJobSchema>;

/**
 * How long to wait before attempt n+1 (n ≥ 1): doubling from `baseMs`, at most a minute, with
 * jitter so that many effects queued in one Slack outage do not all retry in the same instant.
 */
export function deliveryBackoffMs(attemptsMade: number, baseMs: number): number {
  const ceiling = Math.min(60_000, baseMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** About eight hours of a Slack outage at one attempt a minute, before a delivery is given up. */
export const DELIVERY_ATTEMPTS = 500;

/**
 * Which Slack events have been taken on. Slack redelivers an event it thinks was missed, possibly
 * to another replica; claiming its ID first makes sure only one delivery is applied.
 */
export interface EventLedger {
  /** True for the first claim of `eventId` (within the retention); false when it was claimed before. */
  claim(eventId: string): Promise<boolean>;
  /** Gives a claim back after a failure, so a redelivery can try again. */
  release(eventId: string): Promise<void>;
}

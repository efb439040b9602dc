import { errorCode } from '../../../errors';

/**
 * An event about a message Hotwash has no business with: not in an incident channel, or not (or
 * already) on its timeline. Most events are; they are dropped without a word. A concurrent update
 * is not among them: that change was lost, and its author should hear so.
 */
export function isNothingToFollow(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'not_incident_channel' || code === 'rule';
}

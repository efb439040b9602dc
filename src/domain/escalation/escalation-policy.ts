import type { Severity } from '../severity';

export interface EscalationLevel {
  /** Slack user IDs (U…, W…) and user-group IDs (S…). */
  notify: string[];
  /** How long this level has to acknowledge before the next level is paged. */
  escalateAfterMs: number;
}

export interface SeverityPolicy {
  levels: EscalationLevel[];
  /** After the last level, walk the levels again this many times. */
  repeat: number;
  /** Nudge the channel when an unresolved incident has been quiet this long. */
  remindEveryMs?: number;
}

/** Per severity; a severity without an entry pages nobody. */
export type EscalationPolicy = Partial<Record<Severity, SeverityPolicy>>;

/**
 * The built-in policy when ESCALATION_POLICY is unset. It cannot know who is on call, so it
 * pages nobody; it nudges quiet incidents for a status update, more often the worse they are.
 */
export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = {
  sev1: { levels: [], repeat: 0, remindEveryMs: 15 * 60_000 },
  sev2: { levels: [], repeat: 0, remindEveryMs: 30 * 60_000 },
  sev3: { levels: [], repeat: 0, remindEveryMs: 60 * 60_000 },
};

/** Pages one run of the policy sends: every level, `repeat + 1` times. */
export function totalSteps(policy: SeverityPolicy | undefined): number {
  return policy ? policy.levels.length * (policy.repeat + 1) : 0;
}

/** The level paged at `step` (0-based) of a run, with its 1-based number. */
export function levelAtStep(policy: SeverityPolicy, step: number): { level: EscalationLevel; number: number } {
  const index = step % policy.levels.length;
  return { level: policy.levels[index]!, number: index + 1 };
}

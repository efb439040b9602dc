import { type BrokenRule, IncidentRuleError } from '../../src/errors';

/** The rule `change` broke; fails the test when it broke none or threw something else. */
export function brokenRule(change: () => unknown): BrokenRule {
  try {
    change();
  } catch (error) {
    if (error instanceof IncidentRuleError) return error.broken;
    throw error;
  }
  throw new Error('the change broke no rule');
}

import { parseDocument } from 'yaml';
import { z } from 'zod';
import { parseDuration } from '../domain/escalation/duration';
import { DEFAULT_ESCALATION_POLICY, type EscalationPolicy, type SeverityPolicy } from '../domain/escalation/escalation-policy';
import { SEVERITIES } from '../domain/severity';
import { ConfigError } from '../errors';
import { readConfigFile } from './read-config-file';

const target = z
  .string({ error: 'must be a Slack ID' })
  .regex(/^[UWS][A-Z0-9]{2,}$/, { error: 'must be a Slack user ID (U…, W…) or user-group ID (S…), not a @name' });

const duration = z.string({ error: 'must be a duration like 30s, 5m, 1h or 1h30m' }).transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `must be a duration like 30s, 5m, 1h or 1h30m (got "${text}")` });
    return z.NEVER;
  }
  return ms;
});

const levelSchema = z.strictObject({
  notify: z.array(target, { error: 'must be a list of Slack IDs' }).min(1, { error: 'must name at least one user or user group' }),
  escalate_after: duration,
});

const severityPolicySchema = z.strictObject({
  levels: z.array(levelSchema, { error: 'must be a list of levels' }).default([]),
  repeat: z.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }).min(0).max(10).default(0),
  remind_every: duration.optional(),
});

export const escalationPolicyFileSchema = z.strictObject({
  severities: z.partialRecord(z.enum(SEVERITIES), severityPolicySchema, {
    error: (issue) => (issue.input === undefined ? 'is missing: the file starts with "severities:"' : 'must map sev1 … sev4 to their policies'),
  }),
});

/** The keys allowed where an unknown one was found, for the error message. */
function allowedKeys(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return ['severities'];
  if (path.length === 1) return SEVERITIES;
  if (path.length === 2) return Object.keys(severityPolicySchema.shape);
  return Object.keys(levelSchema.shape);
}

/** `severities.sev1.levels[1].escalate_after` */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('') || '(top level)';
}

/** Parses and checks a policy file's text; throws ConfigError naming `source` and the bad field. */
export function parseEscalationPolicy(text: string, source: string): EscalationPolicy {
  const fail = (detail: string) => new ConfigError(`Configuration error: ESCALATION_POLICY ${source}: ${detail}`);
  const document = parseDocument(text);
  const yamlError = document.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0]?.line;
    throw fail(`not valid YAML${line ? ` at line ${line}` : ''}: ${yamlError.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  const parsed = escalationPolicyFileSchema.safeParse(document.toJS());
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 3)
      .map((issue) =>
        issue.code === 'unrecognized_keys'
          ? `${fieldPath(issue.path)}: unknown ${issue.keys.map((k) => `"${k}"`).join(', ')} (allowed: ${allowedKeys(issue.path).join(', ')})`
          : `${fieldPath(issue.path)}: ${issue.message}`,
      );
    throw fail(problems.join('; '));
  }
  const policy: EscalationPolicy = {};
  for (const severity of SEVERITIES) {
    const entry = parsed.data.severities[severity];
    if (!entry) continue;
    const severityPolicy: SeverityPolicy = {
      levels: entry.levels.map((level) => ({ notify: level.notify, escalateAfterMs: level.escalate_after })),
      repeat: entry.repeat,
    };
    if (entry.remind_every !== undefined) severityPolicy.remindEveryMs = entry.remind_every;
    policy[severity] = severityPolicy;
  }
  return policy;
}

/** The escalation policy: the file ESCALATION_POLICY names, else the built-in default. */
export function loadEscalationPolicy(path: string | undefined): EscalationPolicy {
  if (path === undefined) return DEFAULT_ESCALATION_POLICY;
  return parseEscalationPolicy(readConfigFile('ESCALATION_POLICY', path), path);
}

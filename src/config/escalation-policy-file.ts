import { parseDocument } from 'yaml';
import { z } from 'zod';
import { parseDuration } from '../domain/escalation/duration';
import { DEFAULT_ESCALATION_POLICY, type EscalationPolicy, type SeverityPolicy } from '../domain/escalation/escalation-policy';
import { DEFAULT_ALERT_POLICY, type AlertPolicy } from '../domain/alerts/alert-policy';
import { COMMANDER } from '../domain/incident';
import { localToInstant, type Schedule, scheduleNameOf } from '../domain/oncall/schedule';
import { SEVERITIES } from '../domain/severity';
import { isTimeZone } from './time-zone';
import { ConfigError } from '../errors';
import { readConfigFile } from './read-config-file';

const target = z.string({ error: 'must be a Slack ID' }).regex(/^([UWS][A-Z0-9]{2,}|schedule:[a-z0-9_-]{1,40})$/, {
  error: 'must be a Slack user ID (U…, W…), a user-group ID (S…) or schedule:<name>, not a @name',
});
const userId = z.string({ error: 'must be a Slack user ID' }).regex(/^[UW][A-Z0-9]{2,}$/, { error: 'must be a Slack user ID (U…, W…), not a @name' });

/** `2024-01-01 09:00`: a wall-clock time in the schedule's zone. */
const localTime = z.string({ error: 'must be a local time like 2024-01-01 09:00' }).transform((text, ctx) => {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(text.trim());
  const [year, month, day, hour, minute] = (match ?? []).slice(1).map(Number);
  if (!match || month! < 1 || month! > 12 || day! < 1 || day! > 31 || hour! > 23 || minute! > 59) {
    ctx.addIssue({ code: 'custom', message: `must be a local time like 2024-01-01 09:00 (got "${text}")` });
    return z.NEVER;
  }
  return { year: year!, month: month!, day: day!, hour: hour!, minute: minute! };
});

/** A turn's length: `12h`, `1d`, `1w`, `2w`. */
const turnLength = z.string({ error: 'must be a length like 12h, 1d or 1w' }).transform((text, ctx) => {
  const match = /^(\d{1,3})([hdw])$/.exec(text.trim());
  const minutes = match ? Number(match[1]) * { h: 60, d: 1440, w: 10080 }[match[2] as 'h' | 'd' | 'w'] : 0;
  if (minutes <= 0) {
    ctx.addIssue({ code: 'custom', message: `must be a length like 12h, 1d or 1w (got "${text}")` });
    return z.NEVER;
  }
  return minutes;
});

const scheduleSchema = z.strictObject({
  time_zone: z
    .string({ error: 'must be an IANA time zone such as Europe/Berlin' })
    .refine(isTimeZone, { error: 'must be an IANA time zone such as Europe/Berlin' }),
  rotation: z.strictObject({
    users: z.array(userId, { error: 'must be a list of Slack user IDs' }).min(1, { error: 'must name at least one person' }),
    every: turnLength,
    handoff: localTime,
  }),
  overrides: z.array(z.strictObject({ user: userId, from: localTime, to: localTime }), { error: 'must be a list of overrides' }).default([]),
});

const alertsSchema = z.strictObject({
  auto_resolve: z.boolean({ error: 'must be true or false' }).default(false),
  max_new_per_minute: z.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }).min(1).max(1000).default(10),
});

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
  schedules: z.record(z.string().regex(/^[a-z0-9_-]{1,40}$/, { error: 'must be a name of lowercase letters, digits, - and _' }), scheduleSchema).default({}),
  alerts: alertsSchema.default({ auto_resolve: false, max_new_per_minute: 10 }),
  announce_private: z.boolean({ error: 'must be true or false' }).default(false),
  followups: z.strictObject({ private: z.boolean({ error: 'must be true or false' }).default(false) }).default({ private: false }),
  roles: z
    .array(z.string().regex(/^[a-z][a-z0-9_-]{0,30}$/, { error: 'must be a role name of lowercase letters, digits, - and _' }), {
      error: 'must be a list of role names',
    })
    .default(['commander']),
  severities: z.partialRecord(z.enum(SEVERITIES), severityPolicySchema, {
    error: (issue) => (issue.input === undefined ? 'is missing: the file starts with "severities:"' : 'must map sev1 … sev4 to their policies'),
  }),
});

/** The keys allowed where an unknown one was found, for the error message. */
function allowedKeys(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return Object.keys(escalationPolicyFileSchema.shape);
  if (path[0] === 'alerts') return Object.keys(alertsSchema.shape);
  if (path[0] === 'schedules')
    return path.length === 2 ? Object.keys(scheduleSchema.shape) : path[2] === 'rotation' ? ['users', 'every', 'handoff'] : ['user', 'from', 'to'];
  if (path.length === 1) return SEVERITIES;
  if (path.length === 2) return Object.keys(severityPolicySchema.shape);
  return Object.keys(levelSchema.shape);
}

/** `severities.sev1.levels[1].escalate_after` */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('') || '(top level)';
}

/** What the policy file configures: escalation by severity, on-call schedules, and alert intake. */
export interface PolicyFile {
  escalation: EscalationPolicy;
  /** Whether ANNOUNCE_CHANNEL hears that a private incident was declared (only that). */
  announcePrivate: boolean;
  /** Whether a private incident's tasks go to the tracker too. */
  exportPrivateFollowUps: boolean;
  /** The roles people can take; `commander` (the lead) is always one. */
  roles: string[];
  schedules: Schedule[];
  alerts: AlertPolicy;
}

/** Parses and checks a policy file's text; throws ConfigError naming `source` and the bad field. */
export function parseEscalationPolicy(text: string, source: string): EscalationPolicy {
  return parsePolicyFile(text, source).escalation;
}

export function parsePolicyFile(text: string, source: string): PolicyFile {
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
  const schedules = Object.entries(parsed.data.schedules).map(
    ([name, entry]): Schedule => ({
      name,
      timeZone: entry.time_zone,
      rotation: { userIds: entry.rotation.users, everyMinutes: entry.rotation.every, handoff: entry.rotation.handoff },
      overrides: entry.overrides.map((o) => ({ userId: o.user, from: localToInstant(o.from, entry.time_zone), to: localToInstant(o.to, entry.time_zone) })),
    }),
  );
  for (const schedule of schedules) {
    const overrides = [...schedule.overrides].sort((a, b) => a.from.getTime() - b.from.getTime());
    overrides.forEach((o, i) => {
      if (o.to <= o.from) throw fail(`schedules.${schedule.name}.overrides: an override must end after it starts`);
      if (i > 0 && o.from < overrides[i - 1]!.to) throw fail(`schedules.${schedule.name}.overrides: two overrides overlap`);
    });
  }
  const known = new Set(schedules.map((s) => s.name));
  for (const severity of SEVERITIES) {
    parsed.data.severities[severity]?.levels.forEach((level, i) => {
      for (const t of level.notify) {
        const name = scheduleNameOf(t);
        if (name !== undefined && !known.has(name)) {
          throw fail(`severities.${severity}.levels[${i}].notify: unknown schedule "${name}" (schedules: ${[...known].join(', ') || 'none'})`);
        }
      }
    });
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
  const roles = [COMMANDER, ...parsed.data.roles.filter((r) => r !== COMMANDER && r !== 'lead')];
  return {
    escalation: policy,
    announcePrivate: parsed.data.announce_private,
    exportPrivateFollowUps: parsed.data.followups.private,
    roles,
    schedules,
    alerts: { autoResolve: parsed.data.alerts.auto_resolve, maxNewPerMinute: parsed.data.alerts.max_new_per_minute },
  };
}

/** The policy file ESCALATION_POLICY names, else the built-in default (no schedules, default alert intake). */
export function loadPolicyFile(path: string | undefined): PolicyFile {
  if (path === undefined)
    return {
      escalation: DEFAULT_ESCALATION_POLICY,
      announcePrivate: false,
      exportPrivateFollowUps: false,
      roles: [COMMANDER],
      schedules: [],
      alerts: DEFAULT_ALERT_POLICY,
    };
  return parsePolicyFile(readConfigFile('ESCALATION_POLICY', path), path);
}

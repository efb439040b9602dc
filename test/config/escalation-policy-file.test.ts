import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEscalationPolicy, parsePolicyFile } from '../../src/config/escalation-policy-file';
import { ConfigError } from '../../src/errors';

const ISSUE_EXAMPLE = `
severities:
  sev1:
    levels:
      - notify: [S012ONCALL]      # Slack user IDs (U…, W…) and user-group IDs (S…)
        escalate_after: 5m        # page the next level if nobody acknowledges within this
      - notify: [U01LEAD, U02CTO]
        escalate_after: 10m
    repeat: 1                     # after the last level, walk the levels again this many times
    remind_every: 30m             # nudge for a status update while unresolved and quiet
  sev2:
    levels:
      - notify: [S012ONCALL]
        escalate_after: 15m
`;

function errorOf(text: string): string {
  try {
    parseEscalationPolicy(text, '/etc/hotwash/policy.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('parsed without error');
}

describe('escalation policy files', () => {
  test('the documented format', () => {
    expect(parseEscalationPolicy(ISSUE_EXAMPLE, 'policy.yaml')).toEqual({
      sev1: {
        levels: [
          { notify: ['S012ONCALL'], escalateAfterMs: 300_000 },
          { notify: ['U01LEAD', 'U02CTO'], escalateAfterMs: 600_000 },
        ],
        repeat: 1,
        remindEveryMs: 1_800_000,
      },
      sev2: { levels: [{ notify: ['S012ONCALL'], escalateAfterMs: 900_000 }], repeat: 0 },
    });
  });

  test("docs/escalation.md's example is the documented format", () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'docs', 'escalation.md'), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(parseEscalationPolicy(example, 'README')).toEqual(parseEscalationPolicy(ISSUE_EXAMPLE, 'issue'));
  });

  test('reminders without paging', () => {
    expect(parseEscalationPolicy('severities:\n  sev3:\n    remind_every: 1h\n', 'p')).toEqual({ sev3: { levels: [], repeat: 0, remindEveryMs: 3_600_000 } });
  });

  test.each([
    [
      ISSUE_EXAMPLE.replace('escalate_after: 10m', 'escalate_after: 10 minutes'),
      'severities.sev1.levels[1].escalate_after: must be a duration like 30s, 5m, 1h or 1h30m (got "10 minutes")',
    ],
    [
      ISSUE_EXAMPLE.replace('[U01LEAD, U02CTO]', '[U01LEAD, "@cto"]'),
      'severities.sev1.levels[1].notify[1]: must be a Slack user ID (U…, W…), a user-group ID (S…) or schedule:<name>, not a @name',
    ],
    [ISSUE_EXAMPLE.replace('notify: [S012ONCALL]      #', 'notify: []      #'), 'severities.sev1.levels[0].notify: must name at least one user or user group'],
    [ISSUE_EXAMPLE.replace('repeat: 1 ', 'repeat: -1 '), 'severities.sev1.repeat:'],
    [ISSUE_EXAMPLE.replace('  sev2:', '  sev5:'), 'severities: unknown "sev5" (allowed: sev1, sev2, sev3, sev4)'],
    [ISSUE_EXAMPLE.replace('remind_every: 30m', 'remind_evry: 30m'), 'severities.sev1: unknown "remind_evry" (allowed: levels, repeat, remind_every)'],
    [
      'severitys: {}',
      'severities: is missing: the file starts with "severities:"; (top level): unknown "severitys" (allowed: schedules, alerts, announce_private, followups, roles, severities)',
    ],
    ['severities:\n  sev1:\n    levels: [\n', 'not valid YAML at line'],
  ])('a bad file names the file and the field: %#', (text, message) => {
    expect(errorOf(text)).toContain(`Configuration error: ESCALATION_POLICY /etc/hotwash/policy.yaml: ${message}`);
  });
});

const SCHEDULES = `
schedules:
  primary:
    time_zone: Europe/Berlin
    rotation:
      users: [UALICE, UBOB, UCAROL]
      every: 1w
      handoff: 2024-01-01 09:00
    overrides:
      - { user: UDAVE, from: 2026-12-24 00:00, to: 2026-12-27 00:00 }
alerts:
  auto_resolve: true
severities:
  sev1:
    levels:
      - notify: [schedule:primary]
        escalate_after: 5m
      - notify: [S012LEADS]
        escalate_after: 10m
`;

describe('schedules and alerts in the policy file', () => {
  test('the documented format', () => {
    const file = parsePolicyFile(SCHEDULES, 'policy.yaml');
    expect(file.schedules).toEqual([
      {
        name: 'primary',
        timeZone: 'Europe/Berlin',
        rotation: { userIds: ['UALICE', 'UBOB', 'UCAROL'], everyMinutes: 10_080, handoff: { year: 2024, month: 1, day: 1, hour: 9, minute: 0 } },
        overrides: [{ userId: 'UDAVE', from: new Date('2026-12-23T23:00:00Z'), to: new Date('2026-12-26T23:00:00Z') }],
      },
    ]);
    expect(file.alerts).toEqual({ autoResolve: true, maxNewPerMinute: 10 });
    expect(file.escalation.sev1!.levels[0]!.notify).toEqual(['schedule:primary']);
  });

  test.each([
    [SCHEDULES.replace('schedule:primary', 'schedule:secondary'), 'severities.sev1.levels[0].notify: unknown schedule "secondary" (schedules: primary)'],
    [SCHEDULES.replace('[UALICE, UBOB, UCAROL]', '[alice]'), 'schedules.primary.rotation.users[0]: must be a Slack user ID (U…, W…), not a @name'],
    [SCHEDULES.replace('every: 1w', 'every: weekly'), 'schedules.primary.rotation.every: must be a length like 12h, 1d or 1w (got "weekly")'],
    [SCHEDULES.replace('time_zone: Europe/Berlin', 'time_zone: Mars/Olympus'), 'schedules.primary.time_zone: must be an IANA time zone such as Europe/Berlin'],
    [
      SCHEDULES.replace('      - { user: UDAVE', '      - { user: UERIN, from: 2026-12-25 00:00, to: 2026-12-26 00:00 }\n      - { user: UDAVE'),
      'schedules.primary.overrides: two overrides overlap',
    ],
  ])('a mistake is named with its field (%#)', (text, message) => {
    expect(errorOf(text)).toBe(`Configuration error: ESCALATION_POLICY /etc/hotwash/policy.yaml: ${message}`);
  });
});

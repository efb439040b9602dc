import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEscalationPolicy } from '../../src/config/escalation-policy-file';
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
      'severities.sev1.levels[1].notify[1]: must be a Slack user ID (U…, W…) or user-group ID (S…), not a @name',
    ],
    [ISSUE_EXAMPLE.replace('notify: [S012ONCALL]      #', 'notify: []      #'), 'severities.sev1.levels[0].notify: must name at least one user or user group'],
    [ISSUE_EXAMPLE.replace('repeat: 1 ', 'repeat: -1 '), 'severities.sev1.repeat:'],
    [ISSUE_EXAMPLE.replace('  sev2:', '  sev5:'), 'severities: unknown "sev5" (allowed: sev1, sev2, sev3, sev4)'],
    [ISSUE_EXAMPLE.replace('remind_every: 30m', 'remind_evry: 30m'), 'severities.sev1: unknown "remind_evry" (allowed: levels, repeat, remind_every)'],
    ['severitys: {}', 'severities: is missing: the file starts with "severities:"; (top level): unknown "severitys" (allowed: severities)'],
    ['severities:\n  sev1:\n    levels: [\n', 'not valid YAML at line'],
  ])('a bad file names the file and the field: %#', (text, message) => {
    expect(errorOf(text)).toContain(`Configuration error: ESCALATION_POLICY /etc/hotwash/policy.yaml: ${message}`);
  });
});

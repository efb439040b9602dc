import type { PostedMessage } from './fake-slack';

/** A two-level sev1 policy with one-second levels and one repeat, for tests on real BullMQ timers. */
export const ONE_SECOND_POLICY = `
severities:
  sev1:
    levels:
      - notify: [S0ONCALL]
        escalate_after: 1s
      - notify: [ULEAD, UCTO]
        escalate_after: 1s
    repeat: 1
  sev2:
    levels:
      - notify: [USECOND]
        escalate_after: 1s
`;

/** A page in the channel: timed ("Paging level 1 …", "Escalation, level 2 …") or by hand ("<@U…> escalated to …"). */
export const isPage = (message: PostedMessage) => /^:rotating_light: (\*(?:Escalation, |Paging )level|<@U[A-Z0-9]+> escalated to)/.test(message.text);

/** The level a page names. */
export const levelOf = (message: PostedMessage) => Number(/level (\d+) of/.exec(message.text)![1]);

/** The `schedules:` section of a policy file with one schedule, `primary`, rotating `users`. */
export const onCallSchedule = (timeZone: string, users: string[], every = '1w') => `
schedules:
  primary:
    time_zone: ${timeZone}
    rotation: { users: [${users.join(', ')}], every: ${every}, handoff: 2024-01-01 09:00 }
`;

/** A `severities:` section in which each of `severities` pages the schedule `primary`, escalating after ten minutes. */
export const pagingSchedule = (...severities: string[]) =>
  `severities:\n${severities.map((severity) => `  ${severity}:\n    levels:\n      - notify: [schedule:primary]\n        escalate_after: 10m\n`).join('')}`;

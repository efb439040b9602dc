import type { SubcommandName } from './incident-command';
import { TIME_FORMATS_HELP } from './parse-time';

/** One line of usage per subcommand, in the order help lists them. */
export const USAGE: Record<SubcommandName, string> = {
  start:
    '`/incident start [private] [sev1|sev2|sev3|sev4] [time] <title>`: declare an incident and open its channel (sev3 unless given; `private`: a private channel, nothing outside it); with no title, a form opens',
  note: '`/incident note [time] <text>`: add a timeline entry',
  update: '`/incident update <text>`: a status update for stakeholders, in the channel and under the announcement',
  subscribe: '`/incident subscribe [<incident #>]`: hear of every update and the resolution by direct message',
  unsubscribe: '`/incident unsubscribe [<incident #>]`: no longer',
  status: '`/incident status <investigating|identified|monitoring|resolved>`: change the status',
  sev: '`/incident sev <sev1|sev2|sev3|sev4>`: change the severity',
  lead: '`/incident lead <@user>`: hand the lead to someone',
  role: '`/incident role <role> [<@user>]`: give a role (commander, communications, scribe, …), or leave it empty',
  impact: '`/incident impact <text>`: who or what was affected, for the postmortem',
  cause: '`/incident cause <text>`: the root cause, for the postmortem',
  resolution: '`/incident resolution <text>`: how it was fixed, for the postmortem',
  fix: '`/incident fix <text>`: an improvement to make so it does not happen again',
  task: '`/incident task <text> [<@owner>]`: a concrete follow-up task',
  ack: '`/incident ack`: say you have taken the incident (stops escalation)',
  escalate: '`/incident escalate`: page the next escalation level now',
  resolve: '`/incident resolve [time]`: service is restored; ends the outage',
  close: '`/incident close`: end the incident (resolves it first if needed)',
  timeline: '`/incident timeline`: show the timeline so far (only to you)',
  followups: '`/incident followups`: the tasks, with their tracker issues and whether those are done',
  postmortem: '`/incident postmortem`: post the postmortem draft now (close posts it too)',
  list: '`/incident list`: show the open incidents',
  oncall:
    '`/incident oncall`: who is on call now, until when, and who is next; `/incident oncall cover <schedule> <duration> [<@user>]`: take (or give) a turn, like `oncall cover primary 2h`',
  help: '`/incident help`: this help',
};

export function helpText(): string {
  return [
    '*Hotwash: incident response in Slack*',
    ...Object.values(USAGE).map((line) => `• ${line}`),
    `Times: ${TIME_FORMATS_HELP}, in the incident time zone. A bare time means its latest occurrence, so \`23:50\` typed after midnight means last night.`,
  ].join('\n');
}

export function isKnownSubcommand(name: string): name is SubcommandName {
  return Object.hasOwn(USAGE, name);
}

/** Every subcommand's name, in the order help lists them. */
export const SUBCOMMAND_NAMES: readonly string[] = Object.keys(USAGE);

/** The reply to a command that could not be understood: what was wrong, then how to do it right. */
export function usageReply(problem: string, subcommand?: string): string {
  const usage = subcommand && isKnownSubcommand(subcommand) ? `Usage: ${USAGE[subcommand]}` : helpText();
  return `${problem}\n${usage}`;
}

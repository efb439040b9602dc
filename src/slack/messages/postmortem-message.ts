import type { PostmortemOutline } from '../../ports/postmortem-compiler';
import type { Incident } from '../../domain/incident';
import { safeMrkdwn } from '../safe-mrkdwn';

const COMMAND_FOR: Record<string, string> = {
  impact: '`/incident impact <text>`',
  'root cause': '`/incident cause <text>`',
  resolution: '`/incident resolution <text>`',
};

/** The comment on the uploaded draft: how long it lasted, what is still missing, how to regenerate. */
export function postmortemComment(incident: Incident, data: PostmortemOutline): string {
  const duration = data.summary.length ? `The outage lasted ${data.summary.length}.` : 'The outage is still ongoing.';
  const missing =
    data.missing.length === 0
      ? 'Every summary field is filled in.'
      : `Still missing: ${data.missing.join(', ')}. Record ${data.missing.length === 1 ? 'it' : 'them'} with ${data.missing.map((f) => COMMAND_FOR[f]).join(', ')}.`;
  return [
    `:memo: Postmortem draft for incident #${incident.id}: *${safeMrkdwn(incident.title)}*. ${duration}`,
    missing,
    'Regenerate it any time with `/incident postmortem`.',
  ].join('\n');
}

export function postmortemFilename(incident: Incident): string {
  return `postmortem-${incident.channelName}.md`;
}

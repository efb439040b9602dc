import { usageReply } from '../commands/usage';
import { type BrokenRule, isKnownError, type SlackCallError } from '../errors';
import { inertBroadcasts } from './safe-mrkdwn';

const SLACK_HINTS: Record<string, string> = {
  restricted_action: 'Your workspace does not let apps create channels; an admin can allow it.',
  missing_scope: 'The Slack app lacks a permission; reinstall it from the manifest in `manifests/`.',
  not_in_channel: 'Invite Hotwash to the channel (`/invite @Hotwash`) and try again.',
  channel_not_found: 'The channel is gone or Hotwash cannot see it.',
  is_archived: 'The channel is archived; unarchive it or declare a new incident.',
  ratelimited: 'Slack is rate-limiting Hotwash; wait a minute and try again.',
  invalid_auth: 'The bot token is no longer valid; whoever runs Hotwash must update SLACK_BOT_TOKEN.',
  unreachable: 'Hotwash could not reach Slack; try again in a minute.',
};

export function trackerHint(status: number): string {
  if (status === 401 || status === 403) return 'The tracker refused the credentials: whoever runs Hotwash must check GITHUB_TOKEN (or the JIRA_* values).';
  if (status === 404) return 'The repository or project was not found: check GITHUB_REPOSITORY (or JIRA_PROJECT).';
  if (status === 422 || status === 400) return 'The tracker refused the issue as written; tell whoever runs Hotwash.';
  return 'Hotwash will keep trying.';
}

export function slackHint(error: SlackCallError): string {
  return SLACK_HINTS[error.slackError] ?? 'Try again; if it keeps failing, tell whoever runs Hotwash.';
}

/** What a person reads when a rule of the incident said no. */
export function explainRule(broken: BrokenRule): string {
  switch (broken.rule) {
    case 'closed':
      return (
        'This incident is closed, so it takes no more changes. Its postmortem still does: `impact`, `cause`, ' +
        '`resolution`, `fix` and `task` work, and `/incident postmortem` regenerates the draft. ' +
        'For a new problem, declare a new incident with `/incident start <title>`.'
      );
    case 'same_status':
      return `The status is already *${broken.status}*.`;
    case 'same_severity':
      return `The severity is already *${broken.severity}*.`;
    case 'already_lead':
      return `<@${broken.userId}> is already the lead.`;
    case 'already_acknowledged':
      return `<@${broken.userId}> has already acknowledged this incident.`;
    case 'already_resolved':
      return 'This incident is already resolved. `/incident close` ends it; `/incident status investigating` reopens it.';
    case 'resolved_before_start':
      return 'That resolution time is before the incident started. Give a later time, or none for now.';
    case 'resolved_nobody_to_page':
      return 'This incident is resolved, so there is nobody left to page.';
    case 'no_escalation_levels':
      return `There is no escalation policy for ${broken.severity}, so there is nobody to page. Invite people with \`/invite\`.`;
    case 'already_captured':
      return 'That message is already on the timeline.';
    case 'not_captured':
      return 'That message is not on the timeline.';
    case 'commander_required':
      return 'The incident always has a commander (its lead): name who takes over, like `/incident role commander @alex`.';
    case 'same_role':
      return broken.userId ? `<@${broken.userId}> already holds the ${broken.role} role.` : `The ${broken.role} role is already empty.`;
    case 'unknown_role':
      return `There is no role "${broken.role}". The roles are: ${broken.known.join(', ')} (the policy file's \`roles:\` lists them).`;
    case 'already_subscribed':
      return 'You already hear of every update of this incident by direct message.';
    case 'not_subscribed':
      return 'You are not subscribed to this incident.';
    case 'unknown_schedule':
      return broken.known.length
        ? `There is no schedule "${broken.name}". The schedules are: ${broken.known.join(', ')}.`
        : 'No on-call schedules are configured: add `schedules:` to the escalation policy file.';
    case 'nothing_new':
      return 'That alert notification brings nothing new.';
  }
}

const NOT_AN_INCIDENT_CHANNEL =
  'This channel is not an incident channel. Run this in the channel Hotwash opened for the incident, ' +
  'or declare one with `/incident start <title>`. `/incident list` shows the open incidents.';

const UNCONFIRMED =
  ":warning: Hotwash's storage (Redis) is too slow to confirm your command right now. It may still be carried out: " +
  'check the timeline (`/incident timeline`) in a minute before typing it again.';

/**
 * The sentence a person sees when their command failed: what went wrong and what to do.
 * `saved`: the change itself is stored, and only showing it failed. `readOnly`: the command
 * reads and would have stored nothing anyway, so "nothing was saved" would only alarm.
 */
export function explainFailure(error: unknown, context: { saved?: boolean; readOnly?: boolean } = {}): string {
  if (!isKnownError(error)) {
    return context.readOnly
      ? ':warning: Something went wrong inside Hotwash. Try again; if it keeps failing, tell whoever runs Hotwash.'
      : ':warning: Something went wrong inside Hotwash and nothing was saved. Try again; if it keeps failing, tell whoever runs Hotwash.';
  }
  switch (error.code) {
    case 'usage':
      // A usage error may quote what was typed, and typed text may hold a live <!channel>.
      return usageReply(inertBroadcasts(error.message), error.subcommand);
    case 'rule':
      return explainRule(error.broken);
    case 'not_incident_channel':
      return NOT_AN_INCIDENT_CHANNEL;
    case 'concurrent_update':
      return 'The incident kept changing under this command. Nothing was saved; please try again.';
    case 'storage_unconfirmed':
      return UNCONFIRMED;
    case 'storage_unavailable':
      return context.readOnly
        ? ':warning: Hotwash could not reach its storage (Redis) to read that. Try again in a minute; if it keeps failing, tell whoever runs Hotwash.'
        : ':warning: Hotwash could not reach its storage (Redis), so nothing was saved. Try again in a minute; if it keeps failing, tell whoever runs Hotwash.';
    case 'slack_call': {
      const saved = context.saved ? 'It is saved on the timeline, but ' : context.readOnly ? '' : 'Nothing was saved: ';
      return `:warning: ${saved}Slack refused \`${error.method}\` with \`${error.slackError}\`. ${slackHint(error)}`;
    }
    case 'corrupt_record':
      return ":warning: This incident's stored data is damaged, so nothing was changed. Tell whoever runs Hotwash.";
    case 'already_applied':
      return 'That command was carried out already.';
    case 'tracker_call':
      return `:warning: ${error.message}. ${trackerHint(error.status)}`;
    case 'alert_busy':
      return 'The incident of that alert group is being declared; the notification will be applied to it shortly.';
    case 'config':
      return `:warning: Hotwash is misconfigured: ${error.message}`;
  }
}

/**
 * Why a postmortem draft did not reach the channel. `closing`: the close itself succeeded, and
 * the reply must not suggest otherwise.
 */
export function explainDraftFailure(error: unknown, closing: boolean): string {
  const what = closing ? 'The incident is closed, but its postmortem draft' : 'The postmortem draft';
  if (!isKnownError(error)) {
    return closing
      ? `:warning: ${what} could not be compiled because of an error inside Hotwash. Run \`/incident postmortem\` to try again.`
      : explainFailure(error, { readOnly: true });
  }
  switch (error.code) {
    case 'slack_call':
      return `:warning: ${what} could not be posted: Slack refused \`${error.method}\` with \`${error.slackError}\`. ${slackHint(error)} Then run \`/incident postmortem\`.`;
    case 'storage_unconfirmed':
      return UNCONFIRMED;
    case 'storage_unavailable':
      return `:warning: ${what} could not be compiled: Hotwash could not reach its storage (Redis). Run \`/incident postmortem\` again in a minute.`;
    default:
      return closing
        ? `:warning: ${what} could not be compiled because of an error inside Hotwash. Run \`/incident postmortem\` to try again.`
        : explainFailure(error, { readOnly: true });
  }
}

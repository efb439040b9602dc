import { CorruptRecordError, isRefusal, SlackCallError, StorageUnavailableError, StorageUnconfirmedError, UsageError } from '../errors';
import { usageReply } from '../commands/usage';
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

export function slackHint(error: SlackCallError): string {
  return SLACK_HINTS[error.slackError] ?? 'Try again; if it keeps failing, tell whoever runs Hotwash.';
}

/**
 * Why a postmortem draft did not reach the channel. `closing`: the close itself succeeded, and
 * the reply must not suggest otherwise.
 */
export function explainDraftFailure(error: unknown, closing: boolean): string {
  const what = closing ? 'The incident is closed, but its postmortem draft' : 'The postmortem draft';
  if (error instanceof SlackCallError) {
    return `:warning: ${what} could not be posted: Slack refused \`${error.method}\` with \`${error.slackError}\`. ${slackHint(error)} Then run \`/incident postmortem\`.`;
  }
  if (error instanceof StorageUnconfirmedError) {
    return (
      ":warning: Hotwash's storage (Redis) is too slow to confirm your command right now. It may still be carried out: " +
      'check the timeline (`/incident timeline`) in a minute before typing it again.'
    );
  }
  if (error instanceof StorageUnavailableError) {
    return `:warning: ${what} could not be compiled: Hotwash could not reach its storage (Redis). Run \`/incident postmortem\` again in a minute.`;
  }
  return closing
    ? `:warning: ${what} could not be compiled because of an error inside Hotwash. Run \`/incident postmortem\` to try again.`
    : explainFailure(error);
}

/** The sentence a person sees when their command failed: what went wrong and what to do. */
export function explainFailure(error: unknown, context: { saved: boolean } = { saved: false }): string {
  // A usage error may quote what was typed, and typed text may hold a live <!channel>.
  if (error instanceof UsageError) return usageReply(inertBroadcasts(error.message), error.subcommand);
  if (isRefusal(error)) return error.message;
  if (error instanceof StorageUnconfirmedError) {
    return (
      ":warning: Hotwash's storage (Redis) is too slow to confirm your command right now. It may still be carried out: " +
      'check the timeline (`/incident timeline`) in a minute before typing it again.'
    );
  }
  if (error instanceof StorageUnavailableError) {
    return (
      ':warning: Hotwash could not reach its storage (Redis), so nothing was saved. ' + 'Try again in a minute; if it keeps failing, tell whoever runs Hotwash.'
    );
  }
  if (error instanceof SlackCallError) {
    const hint = slackHint(error);
    const saved = context.saved ? 'It is saved on the timeline, but ' : 'Nothing was saved: ';
    return `:warning: ${saved}Slack refused \`${error.method}\` with \`${error.slackError}\`. ${hint}`;
  }
  if (error instanceof CorruptRecordError) {
    return ":warning: This incident's stored data is damaged, so nothing was changed. Tell whoever runs Hotwash.";
  }
  return ':warning: Something went wrong inside Hotwash and nothing was saved. Try again; if it keeps failing, tell whoever runs Hotwash.';
}

import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';

/** Slack's request signature: `v0=` + HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function signedHeaders(secret: string, body: string, contentType: string, timestamp = Math.floor(Date.now() / 1000)) {
  return {
    'Content-Type': contentType,
    'X-Slack-Request-Timestamp': String(timestamp),
    'X-Slack-Signature': slackSignature(secret, timestamp, body),
  };
}

export interface SlashCommandFields {
  text: string;
  user_id: string;
  channel_id: string;
  response_url: string;
  user_name?: string;
  channel_name?: string;
  trigger_id?: string;
}

/** The form body Slack POSTs for a slash command, field for field. */
export function slashCommandBody(fields: SlashCommandFields): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0TEST',
    team_domain: 'hotwash-test',
    channel_id: fields.channel_id,
    channel_name: fields.channel_name ?? 'general',
    user_id: fields.user_id,
    user_name: fields.user_name ?? fields.user_id.toLowerCase(),
    command: '/incident',
    text: fields.text,
    api_app_id: 'A0HOTWASH',
    is_enterprise_install: 'false',
    response_url: fields.response_url,
    trigger_id: fields.trigger_id ?? `${Date.now()}.1234.${randomBytes(6).toString('hex')}`,
  }).toString();
}

/**
 * What a user types, as Slack delivers it with should_escape: `&`, `<`, `>` escaped and
 * @mentions turned into tokens. Tests write `@U123` / `@channel` and get Slack's form.
 */
export function escapeLikeSlack(typed: string): string {
  return typed
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)\b/g, '<!$1>')
    .replace(/@((?:U|W)[A-Z0-9]+)\b/g, '<@$1>')
    .replace(/@(S[A-Z0-9]+)\b/g, '<!subteam^$1>');
}

const TEAM = { id: 'T0TEST', domain: 'hotwash-test' };
const userOf = (id: string) => ({ id, username: id.toLowerCase(), name: id.toLowerCase(), team_id: TEAM.id });

/** Interactivity payloads (block_actions, view_submission) arrive as a form with one `payload` field of JSON. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface ButtonClick {
  actionId: string;
  user: string;
  channel: string;
  /** The message the button is on. */
  messageTs: string;
  responseUrl: string;
  value?: string;
  /** For a static_select: the option chosen. */
  selected?: string;
}

/** A block_actions payload, as Slack sends it for a click on a message's button or select. */
export function blockActionsPayload(click: ButtonClick): Record<string, unknown> {
  const action =
    click.selected !== undefined
      ? {
          type: 'static_select',
          action_id: click.actionId,
          block_id: 'incident_summary_actions',
          selected_option: { text: { type: 'plain_text', text: click.selected, emoji: true }, value: click.selected },
          placeholder: { type: 'plain_text', text: 'Update status', emoji: true },
          action_ts: `${Date.now() / 1000}`,
        }
      : {
          type: 'button',
          action_id: click.actionId,
          block_id: 'incident_summary_actions',
          text: { type: 'plain_text', text: click.actionId, emoji: true },
          value: click.value ?? '',
          action_ts: `${Date.now() / 1000}`,
        };
  return {
    type: 'block_actions',
    user: userOf(click.user),
    api_app_id: 'A0HOTWASH',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: click.messageTs, channel_id: click.channel, is_ephemeral: false },
    trigger_id: `${Date.now()}.1234.${randomBytes(6).toString('hex')}`,
    team: TEAM,
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: click.channel, name: 'incident' },
    message: { type: 'message', ts: click.messageTs, user: 'UBOT', bot_id: 'BBOT', text: 'summary' },
    state: { values: {} },
    response_url: click.responseUrl,
    actions: [action],
  };
}

/** What a modal's blocks say of its inputs; other blocks pass through unread. */
const inputBlocks = z.array(
  z.looseObject({
    type: z.string(),
    block_id: z.string().optional(),
    element: z
      .looseObject({ type: z.string(), action_id: z.string(), options: z.array(z.object({ value: z.string(), text: z.unknown() })).optional() })
      .optional(),
  }),
);

/** A view_submission payload for `view` (as the app opened it) with the fields filled in. */
export function viewSubmissionPayload(view: Record<string, unknown>, user: string, fields: Record<string, string | undefined>): Record<string, unknown> {
  const blocks = inputBlocks.catch([]).parse(view.blocks ?? []);
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of blocks) {
    if (block.type !== 'input' || !block.block_id || !block.element) continue;
    const typed = fields[block.block_id];
    const { type, action_id: actionId } = block.element;
    values[block.block_id] = {
      [actionId]:
        type === 'checkboxes'
          ? { type, selected_options: typed ? [{ text: { type: 'plain_text', text: typed }, value: typed }] : [] }
          : type === 'static_select'
            ? {
                type,
                selected_option:
                  typed === undefined
                    ? null
                    : ((block.element.options ?? []).find((o) => o.value === typed) ?? { text: { type: 'plain_text', text: typed }, value: typed }),
              }
            : { type, value: typed === undefined || typed === '' ? null : typed },
    };
  }
  return {
    type: 'view_submission',
    team: TEAM,
    user: userOf(user),
    api_app_id: 'A0HOTWASH',
    token: 'deprecated-verification-token',
    trigger_id: `${Date.now()}.1234.${randomBytes(6).toString('hex')}`,
    view: {
      id: 'V0MODAL',
      team_id: TEAM.id,
      app_id: 'A0HOTWASH',
      bot_id: 'BBOT',
      ...view,
      state: { values },
      hash: '1.abc',
      previous_view_id: null,
      root_view_id: 'V0MODAL',
      external_id: '',
      clear_on_close: false,
      notify_on_close: false,
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** An Events API delivery (event_callback) wrapping `event`. */
export function eventCallbackBody(event: Record<string, unknown>, eventId: string): string {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: TEAM.id,
    api_app_id: 'A0HOTWASH',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: TEAM.id, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${eventId}`,
  });
}

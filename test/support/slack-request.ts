import { createHmac } from 'node:crypto';

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
    trigger_id: fields.trigger_id ?? `${Date.now()}.1234.abcdef`,
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

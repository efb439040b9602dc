import { SlackCallError } from '../errors';

/** Slack's own error code of a failed Web API call (`name_taken`, `ratelimited`, …). */
export function slackErrorCode(error: unknown): string {
  const e = error as { code?: string; data?: { error?: string }; retryAfter?: number; statusCode?: number; message?: string };
  if (e?.data?.error) return e.data.error;
  if (e?.code === 'slack_webapi_rate_limited_error') return 'ratelimited';
  if (e?.code === 'slack_webapi_http_error') return `http_${e.statusCode ?? 'error'}`;
  if (e?.code === 'slack_webapi_request_error') return 'unreachable';
  return e?.message ?? 'unknown_error';
}

/** Runs one Slack call; any failure becomes a SlackCallError naming the method and Slack's error. */
export async function callSlack<T>(method: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new SlackCallError(method, slackErrorCode(error), { cause: error });
  }
}

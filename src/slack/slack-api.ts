import type { webApi } from '@slack/bolt';
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

/** How long one attempt at a Web API call may take before it is given up on (and retried). */
export const SLACK_CALL_TIMEOUT_MS = 5_000;

/**
 * How Hotwash's Web API client retries: server errors, timeouts and network failures twice,
 * 0.3 s and 0.6 s apart, each attempt cut off after 5 s, so a failing Slack is reported to the
 * user within about 16 s. (Bolt's default keeps retrying for half an hour.) Rate limits are left
 * to SlackApi.call, which honours a short Retry-After and gives up on a long one. Given a
 * transport that keeps the time limit itself (SlackFetch), the client is told to keep none.
 */
export function slackClientOptions(firstRetryMs = 300, transport?: { fetch: webApi.FetchFunction }) {
  return {
    retryConfig: { retries: 2, factor: 2, minTimeout: firstRetryMs, maxTimeout: firstRetryMs * 4, randomize: true },
    rejectRateLimitedCalls: true,
    ...(transport ? { fetch: transport.fetch, timeout: 0 } : { timeout: SLACK_CALL_TIMEOUT_MS }),
  } satisfies webApi.WebClientOptions;
}

/** The longest Retry-After worth waiting for, and how many times: beyond that, the user hears "rate-limited". */
export const RATE_LIMIT_MAX_WAIT_MS = 5_000;
export const RATE_LIMIT_MAX_RETRIES = 2;

/**
 * Slack's Web API as Hotwash's adapters use it: every call names its method, and any failure
 * (after bounded retries) becomes a SlackCallError and is reported once to `onFailure`, which
 * counts it.
 */
export class SlackApi {
  constructor(
    readonly client: webApi.WebClient,
    private readonly onFailure: (error: SlackCallError) => void = () => undefined,
  ) {}

  async call<T>(method: string, call: (client: webApi.WebClient) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await call(this.client);
      } catch (error) {
        const waitMs = retryAfterMs(error);
        if (waitMs !== undefined && waitMs <= RATE_LIMIT_MAX_WAIT_MS && attempt < RATE_LIMIT_MAX_RETRIES) {
          await new Promise((resolve) => setTimeout(resolve, waitMs));
          continue;
        }
        const failure = new SlackCallError(method, slackErrorCode(error), { cause: error });
        this.onFailure(failure);
        throw failure;
      }
    }
  }
}

/** How long Slack asked us to wait, when the call was rate-limited. */
function retryAfterMs(error: unknown): number | undefined {
  const e = error as { code?: string; retryAfter?: number };
  return e?.code === 'slack_webapi_rate_limited_error' && typeof e.retryAfter === 'number' ? e.retryAfter * 1000 : undefined;
}

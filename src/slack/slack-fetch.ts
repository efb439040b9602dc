import { STATUS_CODES } from 'node:http';
import type { webApi } from '@slack/bolt';
import { Agent, request } from 'undici';
import { SLACK_CALL_TIMEOUT_MS } from './slack-api';

/**
 * The HTTP transport of Slack's Web API client: undici's `request` on a keep-alive pool rather
 * than Node's `fetch`. Both are undici underneath; `fetch` also builds a WHATWG request, response,
 * headers and body stream for every call, which was about half the CPU of a chat.postMessage
 * during a storm of pages. WebClient reads only what FetchResponse names, so that is all this
 * gives. Bodies other than a string (file uploads, as FormData) go through Node's `fetch`.
 *
 * Each attempt's time limit is kept here, by the pool's own timers (connect, headers, body), not
 * by WebClient's `timeout`: that makes an AbortSignal.timeout per call, whose timer fires when
 * its time is up even after the call is long done and builds a DOMException with a stack. After
 * a storm of a thousand incidents those firings kept the event loop 4 to 7% busy for the next
 * five seconds.
 */
export class SlackFetch {
  private readonly agent: Agent;

  constructor(private readonly timeoutMs = SLACK_CALL_TIMEOUT_MS) {
    this.agent = new Agent({ keepAliveTimeout: 10_000, connect: { timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  }

  readonly fetch: webApi.FetchFunction = async (url, init = {}) => {
    if (init.body !== undefined && typeof init.body !== 'string') {
      return fetch(url, { ...init, signal: init.signal ?? AbortSignal.timeout(this.timeoutMs) });
    }
    const response = await request(url, {
      method: init.method === 'POST' ? 'POST' : 'GET',
      headers: init.headers,
      body: init.body,
      signal: init.signal,
      dispatcher: this.agent,
    });
    // Read at once, whatever the status: an unread body would hold its connection.
    const bytes = Buffer.from(await response.body.arrayBuffer());
    const { statusCode, headers } = response;
    const header = (name: string): string | null => {
      const value = headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    };
    return {
      ok: statusCode >= 200 && statusCode < 300,
      status: statusCode,
      statusText: STATUS_CODES[statusCode] ?? '',
      url: String(url),
      headers: {
        get: header,
        entries: () => Object.keys(headers).map((name): [string, string] => [name, header(name)!]),
      },
      arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      text: async () => bytes.toString('utf8'),
      json: async (): Promise<unknown> => JSON.parse(bytes.toString('utf8')),
    };
  };

  /**
   * Loads what a file upload uses (Node's fetch, FormData, Blob) now rather than at the first
   * upload: Node loads them on first use, 25-35 ms in one block, which would otherwise land on the
   * first postmortem shared, while people are typing. Touches no network (a data: URL).
   */
  async warmUp(): Promise<void> {
    new FormData().append('file', new Blob(['']), 'warm-up.md');
    await (await fetch('data:,')).arrayBuffer();
  }

  /**
   * Closes every connection, cutting short a call still under way: shutdown has already waited
   * its grace period for them, and whatever they were delivering stays in the outbox.
   */
  close(): Promise<void> {
    return this.agent.destroy();
  }
}

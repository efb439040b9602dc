import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { SlackApi, slackClientOptions, slackErrorCode } from '../../src/slack/slack-api';
import { SlackFetch } from '../../src/slack/slack-fetch';
import { freePort } from '../support/redis-server';

/** WebClient on SlackFetch against a real HTTP server: what it sends, and how each answer is read. */
describe('SlackFetch', () => {
  let server: Server;
  let url: string;
  let answer: (req: IncomingMessage, body: string, res: ServerResponse) => void;
  const seen: { path: string; contentType: string; body: string; authorization: string }[] = [];
  const transport = new SlackFetch();
  const client = (options: webApi.WebClientOptions = {}, through: SlackFetch = transport) =>
    new webApi.WebClient('xoxb-fetch-test', {
      slackApiUrl: url,
      logLevel: webApi.LogLevel.ERROR,
      ...slackClientOptions(5, through),
      ...options,
    });

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        seen.push({ path: req.url ?? '', contentType: req.headers['content-type'] ?? '', body, authorization: req.headers.authorization ?? '' });
        answer(req, body, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  });
  beforeEach(() => {
    seen.length = 0;
  });
  afterAll(async () => {
    await transport.close();
    await new Promise((resolve) => server.close(resolve));
  });

  test('posts the form WebClient builds, with its token, and returns the JSON answer', async () => {
    answer = (_req, _body, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, ts: '1.000100' }));
    const result = await client().chat.postMessage({ channel: 'C1', text: 'héllo & <world>', blocks: [{ type: 'divider' }] });
    expect(result).toMatchObject({ ok: true, ts: '1.000100' });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.path).toBe('/api/chat.postMessage');
    expect(seen[0]!.authorization).toBe('Bearer xoxb-fetch-test');
    expect(seen[0]!.contentType).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(seen[0]!.body);
    expect(form.get('text')).toBe('héllo & <world>');
    expect(JSON.parse(form.get('blocks')!)).toEqual([{ type: 'divider' }]);
  });

  test("Slack's refusal comes back as its error code", async () => {
    answer = (_req, _body, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: 'channel_not_found' }));
    const error = await client()
      .chat.postMessage({ channel: 'CNOPE', text: 'x' })
      .catch((e: unknown) => e);
    expect(slackErrorCode(error)).toBe('channel_not_found');
  });

  test('a 429 is a rate limit with its Retry-After, not retried when the client rejects rate-limited calls', async () => {
    answer = (_req, _body, res) => res.writeHead(429, { 'retry-after': '7' }).end();
    const error = await client()
      .chat.postMessage({ channel: 'C1', text: 'x' })
      .catch((e: unknown) => e);
    expect(slackErrorCode(error)).toBe('ratelimited');
    expect((error as { retryAfter?: number }).retryAfter).toBe(7);
    expect(seen).toHaveLength(1);
  });

  test('a 5xx is retried, then reported with its status and body', async () => {
    answer = (_req, _body, res) => res.writeHead(503, { 'content-type': 'text/plain' }).end('down for a moment');
    const error = await client()
      .chat.postMessage({ channel: 'C1', text: 'x' })
      .catch((e: unknown) => e);
    expect(slackErrorCode(error)).toBe('http_503');
    expect(error).toMatchObject({ statusMessage: 'Service Unavailable', body: 'down for a moment' });
    expect(seen).toHaveLength(3); // the first attempt and two retries
  });

  test('a server that does not answer within the timeout is given up on, as unreachable', async () => {
    answer = () => undefined; // never answers
    const impatient = new SlackFetch(100);
    try {
      const started = Date.now();
      const error = await client({ retryConfig: { retries: 0 } }, impatient)
        .chat.postMessage({ channel: 'C1', text: 'x' })
        .catch((e: unknown) => e);
      expect(slackErrorCode(error)).toBe('unreachable');
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await impatient.close();
    }
  });

  test('keeps each attempt to its time limit itself: WebClient is given none, so no abort timer outlives a call', () => {
    const options = slackClientOptions(5, transport);
    expect(options.timeout).toBe(0);
    expect('fetch' in options && options.fetch).toBe(transport.fetch);
    expect(slackClientOptions(5).timeout).toBe(5_000);
  });

  test('nobody listening is unreachable, and SlackApi says so', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/api/`;
    const api = new SlackApi(
      new webApi.WebClient('xoxb-fetch-test', { slackApiUrl: closed, logLevel: webApi.LogLevel.ERROR, ...slackClientOptions(5, transport) }),
    );
    await expect(api.call('chat.postMessage', (c) => c.chat.postMessage({ channel: 'C1', text: 'x' }))).rejects.toMatchObject({
      method: 'chat.postMessage',
      slackError: 'unreachable',
    });
  });

  test('warmUp() loads what an upload uses without calling anyone', async () => {
    const before = seen.length;
    await expect(transport.warmUp()).resolves.toBeUndefined();
    expect(seen).toHaveLength(before);
  });

  test('a file upload (a FormData body) still goes out, through Node’s fetch', async () => {
    answer = (req, _body, res) => {
      if (req.url?.includes('files.getUploadURLExternal'))
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, upload_url: `${url}upload`, file_id: 'F1' }));
      if (req.url?.includes('upload')) return res.writeHead(200).end('OK');
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, files: [{ id: 'F1' }] }));
    };
    const result = await client().filesUploadV2({ channel_id: 'C1', filename: 'postmortem.md', content: '# Postmortem\n' });
    expect(result.ok).toBe(true);
    const upload = seen.find((s) => s.path === '/api/upload');
    expect(upload?.contentType).toMatch(/^multipart\/form-data/);
    expect(upload?.body).toContain('# Postmortem');
  });
});

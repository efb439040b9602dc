import { request } from 'node:http';
import { signedHeaders, slashCommandBody } from '../../test/support/slack-request';
import { spread } from './stats';

export const BENCH_SIGNING_SECRET = 'bench-signing-secret';

/** One `/incident` request as Slack sends it: a new connection, signed; resolves with its round trip. */
export function slashCommand(
  port: number,
  fields: { text: string; user: string; channel: string; responseUrl: string },
): Promise<{ ms: number; status: number }> {
  const body = slashCommandBody({ text: fields.text, user_id: fields.user, channel_id: fields.channel, response_url: fields.responseUrl });
  const headers = signedHeaders(BENCH_SIGNING_SECRET, body, 'application/x-www-form-urlencoded');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/slack/events', method: 'POST', headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode ?? 0 }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `count` requests let go together (each on its own connection); their round trips, in order. */
export async function burst(count: number, send: (i: number) => Promise<{ ms: number; status: number }>, port = 0): Promise<number[]> {
  const results = await Promise.all(Array.from({ length: count }, (_, i) => send(i)));
  const failed = results.filter((r) => r.status !== 200);
  if (failed.length) throw new Error(`${failed.length} of ${count} requests were answered ${failed[0]!.status}`);
  const times = results.map((r) => r.ms);
  if (process.env.BENCH_VERBOSE) console.error(`burst of ${count} on :${port}: ${spread(times)}`);
  return times;
}

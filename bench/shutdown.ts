/**
 * How long the built process takes from SIGTERM to exit, in three situations: idle; with a
 * command acknowledged but still waiting on a slow Slack (2 s); and with Redis gone. Runs
 * `node dist/main.js` (build first: `npm run build`) against the fake Slack from test/, and a
 * redis-server of its own for the last case. Run with `npm run bench:shutdown`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { FakeSlack } from '../test/support/fake-slack';
import { ThrowawayRedis, freePort } from '../test/support/redis-server';
import { signedHeaders, slashCommandBody } from '../test/support/slack-request';

const RUNS = Number(process.env.RUNS ?? 5);
const root = join(__dirname, '..', '..');
const SECRET = 'bench-secret';

async function startProcess(slack: FakeSlack, redisUrl: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: root,
    stdio: 'ignore',
    env: {
      PATH: process.env.PATH,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: `bench-shutdown-${process.pid}-${port}`,
      PORT: String(port),
      LOG_LEVEL: 'error',
    },
  });
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return { child, port };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function timeToExit(child: ChildProcess): Promise<{ ms: number; code: number | null }> {
  const started = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  return { ms: Math.round(performance.now() - started), code };
}

const summary = (results: { ms: number; code: number | null }[]) =>
  `${results.map((r) => r.ms).join(', ')} ms; exit codes ${[...new Set(results.map((r) => r.code))].join(', ')}`;

async function main(): Promise<void> {
  const slack = await new FakeSlack().start();
  const redis = await ThrowawayRedis.start();

  const idle = [];
  for (let i = 0; i < RUNS; i += 1) idle.push(await timeToExit((await startProcess(slack, redis.url)).child));
  console.log(`idle:                               ${summary(idle)}`);

  const inFlight = [];
  for (let i = 0; i < RUNS; i += 1) {
    const { child, port } = await startProcess(slack, redis.url);
    slack.delayNext('conversations.create', 2_000);
    const responseId = `bench-${i}`;
    const body = slashCommandBody({ text: `start Bench ${i}`, user_id: 'UALICE', channel_id: 'CGENERAL', response_url: slack.responseUrl(responseId) });
    await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: signedHeaders(SECRET, body, 'application/x-www-form-urlencoded'), body });
    const result = await timeToExit(child);
    const answered = slack.responsesTo(responseId).length > 0;
    inFlight.push(result);
    if (!answered) console.log(`  run ${i}: the in-flight command was NOT answered before exit`);
  }
  console.log(`a command in flight (Slack 2 s slow): ${summary(inFlight)} (each answered before exit unless noted)`);

  const redisGone = [];
  for (let i = 0; i < RUNS; i += 1) {
    const { child } = await startProcess(slack, redis.url);
    await redis.stop();
    redisGone.push(await timeToExit(child));
    await redis.start();
  }
  console.log(`Redis gone:                         ${summary(redisGone)}`);
  console.log(`node ${process.version}; bounds in src/main.ts: 5 s to stop receiving, 10 s drain, 10 s worker, 1 s per Redis quit, 30 s backstop`);

  await redis.destroy();
  await slack.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

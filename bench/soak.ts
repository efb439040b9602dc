/**
 * The reliability soak (`npm run soak`; not part of `npm test`): the built process
 * (`node dist/main.js`) under a steady mix of commands for SOAK_MINUTES (default 30), while
 * faults come one after another: kill -9 of Hotwash, Slack answering 500 for a while, Redis
 * killed and restarted. Then it lets the system settle and checks, by comparing Redis with what
 * the fake Slack saw:
 *
 * - every command acknowledged as received is on its timeline, once;
 * - every acknowledged note and every recorded page is in its channel, a page at most once more
 *   per crash of Hotwash (the allowed case), a note exactly once;
 * - nothing is left undelivered in the outbox, and no command is left in the journal.
 *
 * It prints a JSON summary and exits 1 when an invariant does not hold. Lives beside the benches
 * because it runs the same way (compiled by bench/tsconfig.json), but it measures no time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { FakeSlack, type PostedMessage } from '../test/support/fake-slack';
import { ThrowawayRedis, freePort } from '../test/support/redis-server';
import { signedHeaders, slashCommandBody } from '../test/support/slack-request';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const SEED = Number(process.env.SOAK_SEED ?? 1);
const root = join(__dirname, '..', '..');
const SECRET = 'soak-secret';
const PREFIX = 'soak';

/** A small seeded generator (mulberry32), so a failing soak can be run again as it was. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isPage = (m: PostedMessage) => /^:rotating_light: \*Escalation, level/.test(m.text);

async function main(): Promise<void> {
  const rand = random(SEED);
  const slack = await new FakeSlack().start();
  // Persistent like docker-compose.yml's Redis, so a restart keeps what was confirmed.
  const redis = await ThrowawayRedis.start(['--appendonly', 'yes', '--appendfsync', 'always', '--save', '']);
  const port = await freePort();
  const policy = join(mkdtempSync(join(tmpdir(), 'hotwash-soak-')), 'policy.yaml');
  writeFileSync(
    policy,
    'severities:\n  sev1:\n    levels:\n      - notify: [USOAK1]\n        escalate_after: 20s\n      - notify: [USOAK2]\n        escalate_after: 20s\n    repeat: 2\n',
  );
  const env = {
    PATH: process.env.PATH,
    SLACK_BOT_TOKEN: 'xoxb-soak',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    REDIS_URL: redis.url,
    REDIS_PREFIX: PREFIX,
    PORT: String(port),
    ESCALATION_POLICY: policy,
    COMMAND_REPLAY_AFTER_MS: '3000',
    OUTBOX_GRACE_MS: '5000',
    LOG_LEVEL: 'error',
  };
  let hotwash: ChildProcess | undefined;
  const startHotwash = async () => {
    hotwash = spawn(process.execPath, ['dist/main.js'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
    for (let i = 0; i < 300; i += 1) {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok) return;
      await sleep(100);
    }
    throw new Error('Hotwash did not become healthy');
  };
  await startHotwash();

  const counts = { sent: 0, acknowledged: 0, refusedInAck: 0, unanswered: 0, kills: 0, slackOutages: 0, redisRestarts: 0 };
  const acknowledgedNotes: { channel: string; text: string }[] = [];
  const channels: string[] = [];
  let serial = 0;
  const command = async (text: string, channel: string): Promise<{ acked: boolean; responseId: string }> => {
    serial += 1;
    const responseId = `soak-${serial}`;
    const body = slashCommandBody({ text, user_id: 'USOAKER', channel_id: channel, response_url: slack.responseUrl(responseId) });
    counts.sent += 1;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
        method: 'POST',
        headers: signedHeaders(SECRET, body, 'application/x-www-form-urlencoded'),
        body,
        signal: AbortSignal.timeout(3_000),
      });
      const answer = await res.text();
      if (res.status === 200 && answer === '') {
        counts.acknowledged += 1;
        return { acked: true, responseId };
      }
      counts.refusedInAck += 1;
    } catch {
      counts.unanswered += 1; // Slack would show the person an error: nothing was promised
    }
    return { acked: false, responseId };
  };

  // Faults, one at a time, every 40–80 s.
  const endAt = Date.now() + MINUTES * 60_000;
  const faults = (async () => {
    while (Date.now() < endAt - 60_000) {
      await sleep(40_000 + rand() * 40_000);
      const which = rand();
      if (which < 0.4) {
        counts.kills += 1;
        hotwash?.kill('SIGKILL');
        await sleep(1_000);
        await startHotwash();
      } else if (which < 0.7) {
        counts.slackOutages += 1;
        slack.failNext('chat.postMessage', { status: 500 }, 60);
        slack.failNext('chat.update', { status: 503 }, 30);
        await sleep(10_000);
        slack.recover();
      } else {
        counts.redisRestarts += 1;
        await redis.stop('SIGKILL');
        await sleep(2_000);
        await redis.start();
      }
    }
  })();

  // The traffic: a few incidents at a time, notes mostly, now and then a change of state.
  while (Date.now() < endAt) {
    if (channels.length < 4 || rand() < 0.01) {
      const { acked, responseId } = await command(`start sev1 Soak incident ${serial}`, 'CSOAK');
      if (acked) {
        const reply = await slack.waitFor(() => slack.responsesTo(responseId)[0], 'the declaration', 20_000).catch(() => undefined);
        const channel = /<#(C[A-Z0-9]+)>/.exec(String(reply?.text ?? ''))?.[1];
        if (channel) channels.push(channel);
      }
      continue;
    }
    const channel = channels[Math.floor(rand() * channels.length)]!;
    const roll = rand();
    if (roll < 0.9) {
      const text = `soak note ${serial}`;
      void command(`note ${text}`, channel).then(({ acked }) => acked && acknowledgedNotes.push({ channel, text }));
    } else if (roll < 0.95) {
      void command(rand() < 0.5 ? 'sev sev1' : 'sev sev2', channel);
    } else if (roll < 0.97) {
      void command('ack', channel);
    } else if (roll < 0.98 && channels.length > 4) {
      void command('close', channel);
      channels.splice(channels.indexOf(channel), 1);
    }
    await sleep(50 + rand() * 100);
  }
  await faults;
  slack.recover();

  // Settle: the journal and the outbox drain.
  const store = new Redis(redis.url);
  const settledBy = Date.now() + 120_000;
  let outbox = -1;
  let journal = -1;
  while (Date.now() < settledBy) {
    [outbox, journal] = await Promise.all([store.zcard(`${PREFIX}:outbox:created`), store.zcard(`${PREFIX}:intake:pending`)]);
    if (outbox === 0 && journal === 0) break;
    await sleep(1_000);
  }

  // The invariants, Redis against what Slack saw.
  const problems: string[] = [];
  if (outbox !== 0) problems.push(`${outbox} side effect(s) still undelivered in the outbox`);
  if (journal !== 0) problems.push(`${journal} acknowledged command(s) still not carried out`);
  const timelines = new Map<string, { kind: string; text?: string; seq: number; level?: number }[]>();
  for (const channel of new Set(acknowledgedNotes.map((n) => n.channel).concat(channels))) {
    const id = await store.get(`${PREFIX}:channel:${channel}`);
    const fields = id ? await store.hgetall(`${PREFIX}:incident:${id}:timeline`) : {};
    timelines.set(
      channel,
      Object.values(fields).map((json) => JSON.parse(json) as { kind: string; text?: string; seq: number; level?: number }),
    );
  }
  let missingOnTimeline = 0;
  let doubledOnTimeline = 0;
  let missingInSlack = 0;
  let doubledInSlack = 0;
  for (const { channel, text } of acknowledgedNotes) {
    const onTimeline = (timelines.get(channel) ?? []).filter((e) => e.kind === 'note' && e.text === text).length;
    if (onTimeline === 0) missingOnTimeline += 1;
    if (onTimeline > 1) doubledOnTimeline += 1;
    const posted = slack.messagesIn(channel).filter((m) => m.text.endsWith(text)).length;
    if (posted === 0) missingInSlack += 1;
    if (posted > 1) doubledInSlack += 1;
  }
  let pagesRecorded = 0;
  let pagesMissing = 0;
  let pagesDoubled = 0;
  for (const [channel, entries] of timelines) {
    const recorded = entries.filter((e) => e.kind === 'page').length;
    const posted = slack.messagesIn(channel).filter(isPage).length;
    pagesRecorded += recorded;
    if (posted < recorded) pagesMissing += recorded - posted;
    if (posted > recorded) pagesDoubled += posted - recorded;
  }
  if (missingOnTimeline) problems.push(`${missingOnTimeline} acknowledged note(s) missing from their timeline`);
  if (doubledOnTimeline) problems.push(`${doubledOnTimeline} acknowledged note(s) on their timeline twice`);
  if (missingInSlack) problems.push(`${missingInSlack} acknowledged note(s) never posted`);
  if (doubledInSlack) problems.push(`${doubledInSlack} note(s) posted twice`);
  if (pagesMissing) problems.push(`${pagesMissing} recorded page(s) never posted`);
  if (pagesDoubled > counts.kills) problems.push(`${pagesDoubled} page(s) posted twice, more than the ${counts.kills} crash(es) allow`);

  console.log(
    JSON.stringify(
      { minutes: MINUTES, seed: SEED, ...counts, notesAcknowledged: acknowledgedNotes.length, pagesRecorded, pagesDoubled, outbox, journal, problems },
      null,
      2,
    ),
  );
  hotwash?.kill('SIGTERM');
  store.disconnect();
  await redis.destroy();
  await slack.stop();
  process.exit(problems.length === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

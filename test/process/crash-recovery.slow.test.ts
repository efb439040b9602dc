import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { FakeGitHub } from '../support/fake-github';
import { FakeSlack } from '../support/fake-slack';
import { buildOnce, collect, exited, killAllStarted, root, startProcess, waitForHealth } from '../support/processes';
import { freePort } from '../support/redis-server';
import { deleteKeysUnder, testRedisUrl, uniquePrefix } from '../support/redis';
import { signedHeaders, slashCommandBody } from '../support/slack-request';

afterAll(killAllStarted);

/**
 * kill -9, as an operator's host or orchestrator would: nothing Slack was told is received, and
 * no page that was recorded, is lost; nothing is applied or shown twice.
 */
describe('a process killed with SIGKILL', () => {
  let slack: FakeSlack;
  let redis: Redis;
  let prefix: string;
  let port: number;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    await buildOnce();
  }, 90_000);
  beforeEach(async () => {
    slack = await new FakeSlack().start();
    redis = new Redis(testRedisUrl());
    prefix = uniquePrefix('crash');
    port = await freePort();
    const policy = join(mkdtempSync(join(tmpdir(), 'hotwash-crash-')), 'policy.yaml');
    writeFileSync(policy, 'severities:\n  sev1:\n    levels:\n      - notify: [UONCALL]\n        escalate_after: 10m\n');
    env = {
      PATH: process.env.PATH,
      SLACK_BOT_TOKEN: 'xoxb-crash-test',
      SLACK_SIGNING_SECRET: 'crash-secret',
      SLACK_API_URL: slack.apiUrl,
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: prefix,
      PORT: String(port),
      ESCALATION_POLICY: policy,
      COMMAND_REPLAY_AFTER_MS: '1000',
      OUTBOX_GRACE_MS: '2000',
      LOG_LEVEL: 'warn',
    };
  });
  afterEach(async () => {
    killAllStarted();
    await deleteKeysUnder(redis, prefix);
    redis.disconnect();
    await slack.stop();
  });

  const start = async () => {
    const child = startProcess(process.execPath, ['dist/main.js'], { cwd: root, env });
    collect(child);
    expect(await waitForHealth(`http://127.0.0.1:${port}/healthz`, 30_000)).toBe(200);
    return child;
  };
  const kill9 = async (child: ReturnType<typeof startProcess>) => {
    child.kill('SIGKILL');
    await exited(child);
  };
  const command = (text: string, channel: string, responseId: string) => {
    const body = slashCommandBody({ text, user_id: 'UALICE', channel_id: channel, response_url: slack.responseUrl(responseId) });
    return fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: signedHeaders('crash-secret', body, 'application/x-www-form-urlencoded'),
      body,
    });
  };
  const declare = async (title: string) => {
    await command(`start ${title}`, 'CGENERAL', 'declare');
    const [reply] = await slack.waitFor(() => (slack.responsesTo('declare').length ? slack.responsesTo('declare') : undefined), 'the declaration');
    return /<#(C[A-Z0-9]+)>/.exec(String(reply!.text))![1]!;
  };
  const timeline = async (channel: string) => {
    const id = await redis.get(`${prefix}:channel:${channel}`);
    const fields = await redis.hgetall(`${prefix}:incident:${id}:timeline`);
    return Object.values(fields).map((json) => JSON.parse(json) as { kind: string; text?: string; at: string; level?: number });
  };

  test('in the middle of a burst of 200 notes: every acknowledged note is applied after restart, once, at its time, and posted once', async () => {
    const first = await start();
    const channel = await declare('sev2 Burst test');
    const acknowledged: string[] = [];
    let killedAt = 0;
    const sent = Array.from({ length: 200 }, (_, i) => `burst note ${String(i).padStart(3, '0')}`).map(async (text) => {
      try {
        const res = await command(`note ${text}`, channel, `burst-${text}`);
        if (res.status === 200 && (await res.text()) === '') acknowledged.push(text);
      } catch {
        // the connection died with the process: Slack would not count this as acknowledged
      }
      if (acknowledged.length === 60 && !killedAt) {
        killedAt = Date.now();
        first.kill('SIGKILL');
      }
    });
    await Promise.all(sent);
    await exited(first);
    expect(acknowledged.length).toBeGreaterThanOrEqual(60);
    // The crash really dropped acknowledged work: commands kept but not carried out.
    expect(await redis.zcard(`${prefix}:intake:pending`)).toBeGreaterThan(0);

    const second = await start();
    try {
      const notes = await slack.waitFor(
        async () => {
          const found = (await timeline(channel)).filter((e) => e.kind === 'note');
          return acknowledged.every((text) => found.some((e) => e.text === text)) ? found : undefined;
        },
        'every acknowledged note on the timeline',
        20_000,
      );
      const texts = notes.map((e) => e.text!);
      expect(new Set(texts).size).toBe(texts.length); // none twice
      // Each keeps the time it came in, not the time a later process applied it.
      for (const note of notes) expect(new Date(note.at).getTime()).toBeLessThanOrEqual(killedAt + 50);
      // And each is shown in the channel exactly once, however its delivery was interrupted. That
      // includes the notes kept but never acknowledged (the process died between the two): they
      // are carried out after the restart like the rest, and may be posted after the others.
      await slack.waitFor(
        () => texts.every((text) => slack.messagesIn(channel).some((m) => m.text.endsWith(text))),
        'every note on the timeline posted',
        20_000,
      );
      for (const text of texts) expect(slack.messagesIn(channel).filter((m) => m.text.endsWith(text))).toHaveLength(1);
    } finally {
      await kill9(second);
    }
  }, 90_000);

  test('after recording a page that Slack kept failing: the page is posted after restart, once', async () => {
    slack.failMatching('chat.postMessage', (args) => /(?:Escalation, |Paging )level 1 /.test(String(args.text ?? '')), { status: 500 }, 1_000);
    const first = await start();
    const channel = await declare('sev1 Checkout down');
    await slack.waitFor(async () => (await timeline(channel)).some((e) => e.kind === 'page'), 'the page recorded');
    await slack.waitFor(
      () => slack.callsTo('chat.postMessage').filter((c) => /(?:Escalation, |Paging )level/.test(String(c.args.text))).length >= 3,
      'the page tried',
    );
    await kill9(first);
    slack.recover();

    const second = await start();
    try {
      const pages = () => slack.messagesIn(channel).filter((m) => /(?:Escalation, |Paging )level 1 /.test(m.text));
      await slack.waitFor(() => pages().length > 0, 'the page after the restart', 20_000);
      await slack.waitFor(async () => (await redis.zcard(`${prefix}:outbox:created`)) === 0, 'an empty outbox', 10_000);
      expect(pages()).toHaveLength(1);
      expect((await timeline(channel)).filter((e) => e.kind === 'page')).toHaveLength(1);
    } finally {
      await kill9(second);
    }
  }, 90_000);

  test('while the page was on its way to Slack: after restart it is in the channel once, not twice', async () => {
    slack.delayMatching('chat.postMessage', (args) => /(?:Escalation, |Paging )level 1 /.test(String(args.text ?? '')), 3_000);
    const first = await start();
    const channel = await declare('sev1 Checkout down');
    await slack.waitFor(() => slack.callsTo('chat.postMessage').some((c) => /(?:Escalation, |Paging )level/.test(String(c.args.text))), 'the page on its way');
    await kill9(first);

    const second = await start();
    try {
      const pages = () => slack.messagesIn(channel).filter((m) => /(?:Escalation, |Paging )level 1 /.test(m.text));
      await slack.waitFor(
        async () => pages().length > 0 && (await redis.zcard(`${prefix}:outbox:created`)) === 0,
        'the page delivered and the outbox empty',
        20_000,
      );
      expect(pages()).toHaveLength(1);
    } finally {
      await kill9(second);
    }
  }, 90_000);

  test('while a follow-up issue was being created in GitHub: after restart the task has exactly one issue, recorded', async () => {
    const github = await new FakeGitHub().start();
    env = { ...env, GITHUB_TOKEN: github.token, GITHUB_REPOSITORY: github.repository, GITHUB_API_URL: github.url };
    try {
      const first = await start();
      const channel = await declare('sev2 Export test');
      await command('task Add a canary stage', channel, 'task');
      await slack.waitFor(async () => (await timeline(channel)).some((e) => e.kind === 'task'), 'the task kept');
      // GitHub creates the issue, then holds its answer; the process dies before it hears it.
      github.holdAnswersMs = 10_000;
      const created = new Promise<void>((resolve) => (github.onHeldCreate = resolve));
      await command('close', channel, 'close');
      await created;
      await kill9(first);
      github.holdAnswersMs = 0;
      expect(github.issues).toHaveLength(1);

      const second = await start();
      try {
        // The sweep takes the undelivered export over, finds the issue by its marker, and records it.
        const id = await redis.get(`${prefix}:channel:${channel}`);
        await slack.waitFor(
          async () => Object.values(await redis.hgetall(`${prefix}:incident:${id}:followups`)).some((r) => r.includes('created')) || undefined,
          'the issue recorded',
          30_000,
        );
        await slack.waitFor(async () => (await redis.zcard(`${prefix}:outbox:created`)) === 0 || undefined, 'an empty outbox', 30_000);
        expect(github.issues).toHaveLength(1);
      } finally {
        await kill9(second);
      }
    } finally {
      await github.stop();
    }
  }, 90_000);
});

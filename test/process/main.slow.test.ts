import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { FakeSlack } from '../support/fake-slack';
import { buildOnce, collect, exited, killAllStarted, root, startProcess, waitForHealth } from '../support/processes';
import { freePort } from '../support/redis-server';
import { deleteKeysUnder, forgetPrefix, testRedisUrl, uniquePrefix } from '../support/redis';
import { signedHeaders, slashCommandBody } from '../support/slack-request';

afterAll(killAllStarted);

/** The process as operators run it: `npm start`, configured by environment variables only. */
describe('the hotwash process', () => {
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await new FakeSlack().start();
    await buildOnce();
  }, 90_000);
  // Every prefix a process was given: BullMQ writes its queues' meta keys as a process stops,
  // after a test may have cleaned up, so the last sweep is here.
  const prefixes: string[] = [];
  const newPrefix = (name: string) => {
    const prefix = uniquePrefix(name);
    prefixes.push(prefix);
    return prefix;
  };
  afterAll(async () => {
    await slack.stop();
    await Promise.all(prefixes.map(forgetPrefix));
  });

  const env = (port: number) => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    SLACK_BOT_TOKEN: 'xoxb-process-test',
    SLACK_SIGNING_SECRET: 'process-secret',
    SLACK_API_URL: slack.apiUrl,
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: newPrefix('process'),
    PORT: String(port),
  });

  test('`npm start` builds and serves /healthz', async () => {
    const port = await freePort();
    const child = startProcess('npm', ['start', '--silent'], { cwd: root, env: env(port), detached: true });
    const output = collect(child);
    try {
      expect(await waitForHealth(`http://127.0.0.1:${port}/healthz`, 60_000)).toBe(200);
      expect(slack.callsTo('auth.test').map((c) => c.token)).toContain('xoxb-process-test');
      expect(output.stdout).toContain(`Hotwash is listening on port ${port}`);
    } finally {
      process.kill(-child.pid!, 'SIGTERM'); // npm and its child, as a terminal's Ctrl-C would
      await exited(child);
    }
  }, 90_000);

  test('the built process logs JSON lines without credentials, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const prefix = uniquePrefix('logs');
    const child = startProcess(process.execPath, ['dist/main.js'], { cwd: root, env: { ...env(port), REDIS_PREFIX: prefix, LOG_LEVEL: 'debug' } });
    const output = collect(child);
    try {
      expect(await waitForHealth(`http://127.0.0.1:${port}/healthz`, 30_000)).toBe(200);
      const body = slashCommandBody({ text: 'start Log test', user_id: 'UALICE', channel_id: 'CGENERAL', response_url: slack.responseUrl('logs') });
      await fetch(`http://127.0.0.1:${port}/slack/events`, {
        method: 'POST',
        headers: signedHeaders('process-secret', body, 'application/x-www-form-urlencoded'),
        body,
      });
      await slack.waitFor(() => slack.responsesTo('logs').length > 0, 'the reply to start');
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      const redis = new Redis(testRedisUrl());
      await deleteKeysUnder(redis, prefix);
      redis.disconnect();
    }
    const lines = output.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((line) => line.component === 'commands')).toMatchObject({ level: 'info', subcommand: 'start', outcome: 'ok', incident: '1' });
    expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['SIGTERM received; stopping', 'Hotwash stopped']));
    expect(output.stdout).not.toContain('xoxb-process-test');
    expect(output.stdout).not.toContain('process-secret');
  }, 60_000);

  test('with SLACK_APP_TOKEN and no signing secret, the process connects over Socket Mode and serves /healthz', async () => {
    const port = await freePort();
    const { SLACK_SIGNING_SECRET: _, ...rest } = env(port);
    const child = startProcess(process.execPath, ['dist/main.js'], { cwd: root, env: { ...rest, SLACK_APP_TOKEN: 'xapp-1-A0-process-test' } });
    const output = collect(child);
    try {
      await slack.waitFor(() => slack.sockets.length > 0, 'the Socket Mode connection', 30_000);
      const deadline = Date.now() + 10_000;
      let health: Record<string, unknown> = {};
      while (health.status !== 'ok' && Date.now() < deadline) {
        health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Record<string, unknown>;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(health).toEqual({ status: 'ok', redis: 'ok', slack: 'ok', outbox: { depth: 0, oldestAgeSeconds: 0 } });
      expect(output.stdout).toContain(`Hotwash is connected over Socket Mode; /healthz and /metrics on port ${port}`);
    } finally {
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
    }
  }, 60_000);

  test('in production, a bad configuration stops start-up with one line naming the variable (never a sandbox)', async () => {
    const { SLACK_BOT_TOKEN: _, ...rest } = env(0);
    const child = startProcess(process.execPath, ['dist/main.js'], { cwd: root, env: { ...rest, NODE_ENV: 'production', PORT: 'eighty' } });
    const output = collect(child);
    expect(await exited(child)).toBe(1);
    expect(output.stderr.trim()).toBe('Configuration error: SLACK_BOT_TOKEN is required (the bot token, xoxb-…); PORT must be a port number');
  }, 30_000);

  test('`npm start` with no Slack app starts the sandbox: says so, serves the page beside /healthz, stops on SIGTERM', async () => {
    const port = await freePort();
    const { SLACK_BOT_TOKEN: _, SLACK_SIGNING_SECRET: __, SLACK_API_URL: ___, ...rest } = env(port);
    const child = startProcess('npm', ['start', '--silent'], {
      cwd: root,
      env: { ...rest, SANDBOX_REDIS_PREFIX: newPrefix('sandbox-process') },
      detached: true,
    });
    const output = collect(child);
    try {
      expect(await waitForHealth(`http://127.0.0.1:${port}/healthz`, 60_000)).toBe(200);
      expect(output.stdout).toContain('HOTWASH SANDBOX');
      expect(output.stdout).toContain(`Open http://localhost:${port}/`);
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toContain('<title>Hotwash sandbox</title>');
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await exited(child);
    }
  }, 90_000);

  test('a postmortem template that does not parse stops start-up, naming the file and line', async () => {
    const template = join(mkdtempSync(join(tmpdir(), 'hotwash-bad-template-')), 'house.md.hbs');
    writeFileSync(template, '# {{incident.title}}\n\n{{#each timeline}}\n- {{text}}\n{{/if}}\n');
    const child = startProcess(process.execPath, ['dist/main.js'], { cwd: root, env: { ...env(await freePort()), POSTMORTEM_TEMPLATE: template } });
    const output = collect(child);
    expect(await exited(child)).toBe(1);
    expect(output.stderr.trim()).toBe(`Configuration error: POSTMORTEM_TEMPLATE ${template}:3: each doesn't match if`);
  }, 30_000);

  test('the built process compiles postmortem drafts in its worker thread, with the configured template', async () => {
    const template = join(mkdtempSync(join(tmpdir(), 'hotwash-template-')), 'house.md.hbs');
    writeFileSync(template, '# House postmortem: {{incident.title}}\n\n{{#each timeline}}\n- {{author}}: {{text}}\n{{/each}}\n');
    const port = await freePort();
    const child = startProcess(process.execPath, ['dist/main.js'], { cwd: root, env: { ...env(port), POSTMORTEM_TEMPLATE: template } });
    const output = collect(child);
    const command = async (text: string, channel: string) => {
      const body = slashCommandBody({ text, user_id: 'UALICE', channel_id: channel, response_url: slack.responseUrl('worker') });
      const answer = await fetch(`http://127.0.0.1:${port}/slack/events`, {
        method: 'POST',
        headers: signedHeaders('process-secret', body, 'application/x-www-form-urlencoded'),
        body,
      });
      expect(answer.status).toBe(200);
    };
    try {
      expect(await waitForHealth(`http://127.0.0.1:${port}/healthz`, 30_000)).toBe(200);
      expect(output.stdout).toContain('"postmortems":"worker thread"');
      await command('start sev2 Worker draft', 'CGENERAL');
      const channel = await slack.waitFor(
        () => slack.channelNamed(`inc-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-worker-draft`)?.id,
        'the incident channel',
      );
      await command('note the *cache* is cold', channel);
      await slack.waitFor(() => slack.messagesIn(channel).find((m) => m.text.includes('cache')), 'the note in the channel');
      await command('postmortem', channel);
      const [file] = await slack.waitFor(() => (slack.filesIn(channel).length ? slack.filesIn(channel) : undefined), 'the shared draft', 15_000);
      expect(file!.content).toMatch(/^# House postmortem: Worker draft\n/);
      expect(file!.content).toContain(': the \\*cache\\* is cold');
      expect(file!.initialComment).toContain('Still missing: impact, root cause, resolution.');
    } finally {
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
    }
  }, 60_000);

  test('stopped between two levels and started again, the process pages the next level once and on time', async () => {
    const policy = join(mkdtempSync(join(tmpdir(), 'hotwash-restart-')), 'policy.yaml');
    writeFileSync(
      policy,
      'severities:\n  sev1:\n    levels:\n      - notify: [UFIRST]\n        escalate_after: 4s\n      - notify: [USECOND]\n        escalate_after: 4s\n',
    );
    const prefix = uniquePrefix('restart');
    const port = await freePort();
    const processEnv = { ...env(port), REDIS_PREFIX: prefix, ESCALATION_POLICY: policy };
    const start = async () => {
      const child = startProcess(process.execPath, ['dist/main.js'], { cwd: root, env: processEnv });
      collect(child);
      expect(await waitForHealth(`http://127.0.0.1:${port}/healthz`, 30_000)).toBe(200);
      return child;
    };
    const pages = () => slack.messages.filter((m) => /\*(?:Escalation, |Paging )level/.test(m.text));

    const first = await start();
    const body = slashCommandBody({ text: 'start sev1 Restart test', user_id: 'UALICE', channel_id: 'CGENERAL', response_url: slack.responseUrl('restart') });
    await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: signedHeaders('process-secret', body, 'application/x-www-form-urlencoded'),
      body,
    });
    const [level1] = await slack.waitFor(() => (pages().length >= 1 ? pages() : undefined), 'level 1');
    first.kill('SIGTERM');
    expect(await exited(first)).toBe(0);

    const second = await start(); // level 2 falls due while the first process is gone or just after
    try {
      const [, level2] = await slack.waitFor(() => (pages().length >= 2 ? pages() : undefined), 'level 2 after the restart', 15_000);
      expect(level1!.text).toContain('<@UFIRST>');
      expect(level2!.text).toContain('<@USECOND>');
      expect(level2!.receivedAt - level1!.receivedAt).toBeGreaterThanOrEqual(3_900);
      // A duplicate or a replayed level 1 would come from a timer, the outbox or the journal: wait until all are empty.
      const redis = new Redis(testRedisUrl());
      try {
        await slack.waitFor(async () => {
          const [delayed, waiting, active, outbox, journal] = await Promise.all([
            redis.zcard(`${prefix}:escalation:delayed`),
            redis.llen(`${prefix}:escalation:wait`),
            redis.llen(`${prefix}:escalation:active`),
            redis.hlen(`${prefix}:outbox:entries`),
            redis.zcard(`${prefix}:intake:pending`),
          ]);
          return delayed + waiting + active + outbox + journal === 0 || undefined;
        }, 'no timer, outbox entry or journaled command left');
      } finally {
        redis.disconnect();
      }
      expect(pages().map((m) => /<@(U[A-Z]+)>/.exec(m.text)![1])).toEqual(['UFIRST', 'USECOND']);
    } finally {
      second.kill('SIGTERM');
      await exited(second);
      const redis = new Redis(testRedisUrl());
      await deleteKeysUnder(redis, prefix);
      redis.disconnect();
    }
  }, 90_000);
});

import { ACTION_IDS } from '../../src/slack/interaction-ids';
import { ThrowawayRedis } from '../support/redis-server';
import { blockActionsPayload } from '../support/slack-request';
import { TestApp, SIGNING_SECRET } from '../support/test-app';

/** What an operator sees: logs, metrics, Socket Mode, shutdown. */
describe('logs', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await TestApp.start();
  });
  afterEach(() => app.stop());

  test('one JSON line per command: subcommand, incident, outcome, latency', async () => {
    const channel = await app.declare('DB down');
    await app.commandInChannel('note failing over', channel);
    expect(await app.commandReply('frobnicate')).toMatch(/I don't know the subcommand "frobnicate"/);
    expect(await app.commandReply('ack', { channel: 'CGENERAL' })).toMatch(/not an incident channel/);

    // A line is written once a command has fully finished (summary update included), so the
    // note's may come after a later command's.
    await app.slack.waitFor(() => app.logger.lines.filter((line) => line.component === 'commands').length === 4, 'four command lines');
    const commandLines = app.logger.lines.filter((line) => line.component === 'commands');
    const summary = commandLines.map(({ subcommand, via, outcome, incident, level }) => ({ subcommand, via, outcome, incident, level }));
    expect(summary.sort((a, b) => String(a.subcommand).localeCompare(String(b.subcommand)))).toEqual([
      { subcommand: 'ack', via: 'slash', outcome: 'refused', incident: undefined, level: 'info' },
      { subcommand: 'frobnicate', via: 'slash', outcome: 'usage_error', incident: undefined, level: 'info' },
      { subcommand: 'note', via: 'slash', outcome: 'ok', incident: '1', level: 'info' },
      { subcommand: 'start', via: 'slash', outcome: 'ok', incident: '1', level: 'info' },
    ]);
    for (const line of commandLines) {
      expect(line).toMatchObject({ user: 'UALICE', service: 'hotwash' });
      expect(typeof line.latencyMs).toBe('number');
      expect(typeof line.time).toBe('string');
    }
  });

  test('tokens and the signing secret never reach the logs, even at debug level', async () => {
    await app.declare('DB down');
    app.slack.failNext('chat.postMessage', { error: 'invalid_auth' });
    await app.commandReply('start Cache down');
    const output = app.logger.raw.join('');
    expect(app.logger.lines.some((line) => line.level === 'debug')).toBe(true); // debug logging was on
    // The start-up line shows the configuration, with the credentials in it redacted.
    const [starting] = app.logger.lines.filter((line) => line.msg === 'starting');
    expect(starting!.config).toMatchObject({ slackBotToken: '[redacted]', slackSigningSecret: '[redacted]', redisPrefix: app.config.redisPrefix });
    expect(output).not.toContain('xoxb-test-token');
    expect(output).not.toContain(SIGNING_SECRET);
  });
});

describe('metrics', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await TestApp.start({ escalationPolicy: 'severities:\n  sev1:\n    levels:\n      - notify: [UONCALL]\n        escalate_after: 10m\n' });
  });
  afterEach(() => app.stop());

  test('GET /metrics reports commands, open incidents, pages, acknowledgements and Slack errors', async () => {
    const channel = await app.declare('sev1 DB down');
    await app.declare('Cache slow');
    await app.commandInChannel('escalate', channel);
    await app.commandInChannel('ack', channel);
    expect(await app.commandReply('sev', { channel })).toMatch(/Usage/);
    app.slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    expect(await app.commandReply('note lost post', { channel })).toMatch(/saved on the timeline/);

    const res = await fetch(`${app.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    // Each command above was counted before its log line, which commandReply waits for.
    const metrics = await app.metrics();
    expect(metrics.get('hotwash_commands_total{subcommand="start",outcome="ok"}')).toBe(2);
    expect(metrics.get('hotwash_commands_total{subcommand="ack",outcome="ok"}')).toBe(1);
    expect(metrics.get('hotwash_commands_total{subcommand="sev",outcome="usage_error"}')).toBe(1);
    expect(metrics.get('hotwash_commands_total{subcommand="note",outcome="partial"}')).toBe(1);
    expect(metrics.get('hotwash_command_duration_seconds_count{subcommand="start"}')).toBe(2);
    expect(metrics.get('hotwash_open_incidents')).toBe(2);
    expect(metrics.get('hotwash_escalation_pages_total{trigger="manual"}')).toBe(1);
    expect(metrics.get('hotwash_incident_acknowledgement_seconds_count{severity="sev1"}')).toBe(1);
    expect(metrics.get('hotwash_slack_api_errors_total{method="chat.postMessage",error="not_in_channel"}')).toBe(1);
    expect(metrics.get('hotwash_process_resident_memory_bytes')).toBeGreaterThan(0);

    await app.commandInChannel('resolve', channel);
    await app.commandInChannel('close', channel);
    expect((await app.metrics()).get('hotwash_open_incidents')).toBe(1);
  });
});

describe('metrics and health while Redis is down', () => {
  let redis: ThrowawayRedis;
  let app: TestApp;
  beforeEach(async () => {
    redis = await ThrowawayRedis.start();
    app = await TestApp.start({ redisUrl: redis.url });
  });
  afterEach(async () => {
    await app.stop();
    await redis.destroy();
  });

  test('/healthz turns 503 and Redis errors are counted; both recover when Redis returns', async () => {
    await app.declare('DB down');
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect((await app.metrics()).get('hotwash_open_incidents')).toBe(1);
    await redis.stop();
    const down = await fetch(`${app.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'unavailable', redis: 'unavailable' });
    const metrics = await app.metrics();
    expect(metrics.get('hotwash_open_incidents')).toBe(1); // the last value read, not a made-up zero
    expect(metrics.get('hotwash_redis_errors_total{source="command"}')).toBeGreaterThanOrEqual(1);
    expect(metrics.get('hotwash_redis_errors_total{source="connection"}')).toBeGreaterThanOrEqual(1);
    // Let the connections, queues, workers and sweeps all meet the outage a few times.
    await app.slack.waitFor(() => (metrics.get('hotwash_redis_errors_total{source="connection"}') ?? 0) >= 1 || undefined, 'errors');
    await new Promise((r) => setTimeout(r, 250));

    await redis.start();
    const deadline = Date.now() + 10_000;
    let status = 503;
    while (status !== 200 && Date.now() < deadline) {
      status = (await fetch(`${app.url}/healthz`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
    // The outage is told once when it starts and once when it ends, not at every reconnection attempt.
    const redisLines = app.logger.lines.filter((l) => /Redis/.test(l.msg) && l.level !== 'debug');
    expect(redisLines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([expect.stringMatching(/^Redis is unreachable \(/)]);
    await app.slack.waitFor(
      () => app.logger.lines.some((l) => l.level === 'info' && /^Redis is reachable again after/.test(l.msg)) || undefined,
      'the recovery line',
    );
  });
});

describe('Socket Mode', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await TestApp.start({ socketMode: true });
  });
  afterEach(() => app.stop());

  test('commands arrive over the WebSocket and are acknowledged there; /healthz and /metrics stay on PORT', async () => {
    expect(app.slack.callsTo('apps.connections.open').map((call) => call.token)).toEqual(['xapp-1-A0TEST-test-app-token']);
    const { ack, responseId } = await app.commandOverSocket('start sev2 DB down');
    expect(ack).toEqual({});
    const [reply] = await app.slack.waitFor(() => {
      const replies = app.slack.responsesTo(responseId);
      return replies.length ? replies : undefined;
    }, 'the reply to start');
    expect(String(reply!.text)).toMatch(/^:rotating_light: Incident #1 \(sev2\) is declared/);

    // Buttons come over the same socket (envelope type "interactive").
    const channel = /<#(C[A-Z0-9]+)>/.exec(String(reply!.text))![1]!;
    const click = blockActionsPayload({
      actionId: ACTION_IDS.acknowledge,
      user: 'UBOB',
      channel,
      messageTs: app.slack.pins[0]!.timestamp,
      responseUrl: app.slack.responseUrl('socket-click'),
    });
    expect(await app.slack.sendOverSocket('interactive', click)).toEqual({});
    await app.slack.waitFor(() => app.slack.messagesIn(channel).some((m) => m.text.includes('<@UBOB> acknowledged the incident')), 'the acknowledgement');

    const usage = await app.commandOverSocket('sev');
    expect(String(usage.ack.text)).toMatch(/Usage/);

    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect((await app.metrics()).get('hotwash_commands_total{subcommand="start",outcome="ok"}')).toBe(1);
    expect(await (await fetch(`${app.url}/healthz`)).json()).toEqual({ status: 'ok', redis: 'ok', slack: 'ok', outbox: { depth: 0, oldestAgeSeconds: 0 } });
    // Nothing listens for Slack over HTTP in Socket Mode.
    expect((await fetch(`${app.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});

describe('shutdown', () => {
  test('stop() waits for a command that was acknowledged but not yet answered', async () => {
    const app = await TestApp.start();
    try {
      app.slack.delayNext('conversations.create', 1_500);
      const result = await app.command('start DB down');
      expect(result.status).toBe(200);
      await app.slack.waitFor(() => app.slack.callsTo('conversations.create').length === 1, 'the channel being created');
      await app.stopHotwash();
      // The command finished before Redis was closed: answered, and stored.
      const [reply] = app.slack.responsesTo(result.responseId);
      expect(String(reply?.text)).toMatch(/^:rotating_light: Incident #1/);
      expect(await app.dataKeys()).toContain(`${app.config.redisPrefix}:incident:1`);
    } finally {
      await app.stop();
    }
  });

  test('a command still running after the grace period does not hold shutdown', async () => {
    const app = await TestApp.start({ drainMs: 300 });
    try {
      app.slack.delayNext('conversations.create', 5_000);
      await app.command('start DB down');
      await app.slack.waitFor(() => app.slack.callsTo('conversations.create').length === 1, 'the channel being created');
      const started = Date.now();
      await app.stopHotwash();
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(app.logger.lines.some((line) => /unfinished after the grace period/.test(line.msg))).toBe(true);
    } finally {
      await app.stop();
    }
  });
});

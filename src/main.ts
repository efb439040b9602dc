import type { Redis } from 'ioredis';
import { App } from '@slack/bolt';
import { loadConfig, type Config } from './config/environment';
import { loadEscalationPolicy } from './config/escalation-policy-file';
import { loadPostmortemTemplate } from './config/postmortem-template-file';
import { ConfigError } from './errors';
import { healthRoute, type HealthCheck } from './http/health-route';
import { InFlight } from './lifecycle/in-flight';
import { settleWithin } from './lifecycle/settle-within';
import { createCommandObserver } from './observability/command-observer';
import { boltLogger, createLogger, type Logger } from './observability/logger';
import { HotwashMetrics, metricsRoute } from './observability/metrics';
import { EscalationQueue } from './queues/escalation-queue';
import { createSlackTransport } from './receivers/slack-transport';
import { EscalationWorker } from './queues/escalation-worker';
import { IncidentService, type AppliedChange } from './service/incident-service';
import { IncidentPublisher } from './slack/incident-publisher';
import { IncidentCommandRunner } from './slack/incident-command-runner';
import { registerListeners } from './slack/listeners';
import { Replier } from './slack/reply';
import { SLACK_CLIENT_OPTIONS, SlackApi } from './slack/slack-api';
import { SlackChannelOpener } from './slack/slack-channel-opener';
import { SlackUserDirectory } from './slack/slack-user-directory';
import { createRedisConnection } from './store/redis-connection';
import { RedisEventLedger } from './store/redis-event-ledger';
import { RedisIncidentStore } from './store/redis-incident-store';

export interface Hotwash {
  /** The HTTP port actually bound (useful with PORT=0): Slack's endpoint in HTTP mode, /healthz and /metrics always. */
  port: number;
  /** Stops taking work, finishes what is in flight (bounded), closes the queue and Redis. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Where "now" comes from; tests replaying past incidents set it. */
  clock?: () => Date;
  /** Where logs go; JSON lines on standard output at LOG_LEVEL when unset. */
  logger?: Logger;
  /** How often the escalation sweep re-creates missing timers (default 60 s). */
  escalationSweepMs?: number;
  /** How long shutdown waits for commands already acknowledged to finish (default 10 s). */
  drainMs?: number;
}

/** The composition root: builds every adapter, wires them to the domain and starts serving. */
export async function startHotwash(config: Config, options: StartOptions = {}): Promise<Hotwash> {
  const clock = options.clock ?? (() => new Date());
  const logger = options.logger ?? createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  // The effective configuration helps whoever debugs a deployment; credentials are redacted by the logger.
  logger.info({ config }, 'starting');
  const template = loadPostmortemTemplate(config.postmortemTemplatePath);
  const policy = loadEscalationPolicy(config.escalationPolicyPath);
  // Reconnect until Hotwash stops; then give up, including on the copies BullMQ makes of a
  // connection (duplicate() keeps this function), so no reconnect timer outlives stop().
  let stopping = false;
  const retryStrategy = (attempt: number) => (stopping ? null : Math.min(attempt * 200, 2_000));
  const redis = createRedisConnection(config.redisUrl, { retryStrategy });
  // Scheduling a timer is part of answering a command, so it fails fast like storage does.
  const queueConnection = createRedisConnection(config.redisUrl, { retryStrategy });
  // BullMQ's rule for workers: blocking commands, retried for as long as it takes.
  const workerConnection = createRedisConnection(config.redisUrl, { maxRetriesPerRequest: null, commandTimeout: undefined, retryStrategy });
  const connections = { store: redis, queue: queueConnection, worker: workerConnection };

  const metrics = new HotwashMetrics(() => store.countOpen());
  const store = new RedisIncidentStore(redis, config.redisPrefix, () => metrics.redisErrors.inc({ source: 'command' }));
  for (const [name, connection] of Object.entries(connections)) watchConnection(name, connection, logger, metrics);

  const boltLog = boltLogger(logger);
  // The health route reads this list on every request, so the transport can add its own check below.
  const healthChecks: HealthCheck[] = [{ name: 'redis', check: () => store.ping() }];
  const transport = createSlackTransport({
    signingSecret: config.slackSigningSecret,
    appToken: config.slackAppToken,
    slackApiUrl: config.slackApiUrl,
    opsRoutes: [healthRoute(healthChecks), metricsRoute(metrics)],
    boltLogger: boltLog,
    logger,
  });
  if (transport.health) healthChecks.push(transport.health);
  const app: App = new App({
    token: config.slackBotToken,
    receiver: transport.receiver,
    logger: boltLog,
    // During an incident a quick, clear failure beats Bolt's default of retrying for half an hour.
    clientOptions: { slackApiUrl: config.slackApiUrl, ...SLACK_CLIENT_OPTIONS },
  });
  const slack = new SlackApi(app.client, (error) => metrics.slackErrors.inc({ method: error.method, error: error.slackError }));
  // Every request's whole handling, acknowledgement and the work after it, so shutdown can wait for it.
  const inFlight = new InFlight();
  app.use(({ next }) => inFlight.track(next()));

  const queue = new EscalationQueue(queueConnection, config.redisPrefix, clock, (error) =>
    logger.warn({ err: error }, `escalation queue: ${error.message}`),
  );
  const publisher = new IncidentPublisher(slack, config.timeZone, config.announceChannel, clock, (error) =>
    logger.warn({ err: error }, 'could not update the pinned incident summary'),
  );
  let port: number;
  let worker: EscalationWorker;
  try {
    // Automatic timeline entries (timer pages) are written in the bot's own name.
    const auth = await slack.call('auth.test', (client) => client.auth.test());
    const botUserId = auth.user_id ?? 'USLACKBOT';
    const service = new IncidentService({
      store,
      channels: new SlackChannelOpener(slack),
      users: new SlackUserDirectory(slack),
      scheduler: queue,
      timeZone: config.timeZone,
      policy,
      botUserId,
      template,
      clock,
      onScheduleError: (error) => logger.error({ err: error }, 'could not schedule escalation timers; the sweep will retry'),
      onChange: (change) => recordChangeMetrics(change, metrics),
    });
    registerListeners(app, {
      runner: new IncidentCommandRunner({ service, publisher, timeZone: config.timeZone }),
      service,
      slack,
      replier: new Replier(slack),
      timeZone: config.timeZone,
      observe: createCommandObserver(logger, metrics),
      ledger: new RedisEventLedger(redis, config.redisPrefix),
      bot: { userId: botUserId, botId: auth.bot_id },
      logger,
    });
    worker = new EscalationWorker({
      connection: workerConnection,
      prefix: config.redisPrefix,
      service,
      delivery: { page: (result) => publisher.publishChange(result), reminder: (incident, quietMs) => publisher.publishReminder(incident, quietMs) },
      onError: (message, error) => logger.error({ err: error }, message),
      onSweepError: (error) => logger.warn({ err: error }, 'escalation sweep failed; the next one will retry'),
      onConnectionError: (error) => logger.debug({ err: error }, `escalation worker: ${error.message}`),
      onPageRecorded: (latenessMs) => metrics.pageLateness.observe(latenessMs / 1000),
      sweepEveryMs: options.escalationSweepMs,
    });
    port = await transport.start(app, config.port);
    worker.start();
  } catch (error) {
    stopping = true;
    await transport.close();
    await queue.close().catch(() => undefined);
    Object.values(connections).forEach((connection) => connection.disconnect());
    throw error;
  }
  logger.info(
    { port, transport: transport.mode },
    transport.mode === 'socket-mode'
      ? `Hotwash is connected over Socket Mode; /healthz and /metrics on port ${port}`
      : `Hotwash is listening on port ${port} (POST /slack/events, GET /healthz, GET /metrics)`,
  );
  return {
    port,
    async stop() {
      await settleWithin(app.stop(), 5_000); // no new requests
      const drained = await inFlight.drain(options.drainMs ?? 10_000); // acknowledged commands finish
      if (!drained) logger.warn(`stopped with ${inFlight.size} request(s) unfinished after the grace period`);
      await worker.close(); // running timers finish
      await queue.close();
      stopping = true;
      await Promise.all(Object.values(connections).map(closeConnection));
      await transport.close();
      logger.info('Hotwash stopped');
    },
  };
}

/** What must never appear in a log line, whatever logs it. */
function secretsOf(config: Config): string[] {
  return [config.slackBotToken, config.slackAppToken, config.slackSigningSecret].filter((s): s is string => Boolean(s));
}

/** Pages by trigger, and time to acknowledge, from every saved change. */
function recordChangeMetrics({ incident, previous, entries }: AppliedChange, metrics: HotwashMetrics): void {
  for (const entry of entries) if (entry.kind === 'page') metrics.pagesSent.inc({ trigger: entry.trigger });
  if (incident.acknowledgedAt && !previous.acknowledgedAt) {
    metrics.acknowledgementLatency.observe({ severity: incident.severity }, Math.max(0, incident.acknowledgedAt.getTime() - incident.declaredAt.getTime()) / 1000);
  }
}

/**
 * Counts connection errors and logs each loss and recovery once, not every reconnect attempt.
 * The listener also keeps ioredis from printing "Unhandled error event" to stderr.
 */
function watchConnection(name: string, connection: Redis, logger: Logger, metrics: HotwashMetrics): void {
  let lost = false;
  connection.on('error', (error: Error) => {
    metrics.redisErrors.inc({ source: 'connection' });
    if (!lost) logger.warn({ connection: name, err: error }, `Redis connection lost (${name}): ${error.message}`);
    lost = true;
  });
  connection.on('ready', () => {
    if (lost) logger.info({ connection: name }, `Redis connection restored (${name})`);
    lost = false;
  });
}

/** QUIT when Redis is there to hear it, within a second; otherwise just drop the socket. */
async function closeConnection(connection: Redis): Promise<void> {
  if (connection.status === 'ready') await settleWithin(connection.quit(), 1_000);
  connection.disconnect();
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  const hotwash = await startHotwash(config, { logger });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${signal} received; stopping`);
    // Every step of stop() is bounded; this is the backstop should one of them not be.
    setTimeout(() => {
      logger.error('shutdown took longer than 30 s; exiting anyway');
      process.exit(1);
    }, 30_000).unref();
    hotwash.stop().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

if (require.main === module) {
  main().catch((error) => {
    // A configuration problem is the operator's to fix: one line, no stack.
    console.error(error instanceof ConfigError ? error.message : `Hotwash failed to start: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { App, HTTPReceiver, LogLevel, type Logger } from '@slack/bolt';
import { loadConfig, type Config } from './config/environment';
import { loadEscalationPolicy } from './config/escalation-policy-file';
import { loadPostmortemTemplate } from './config/postmortem-template-file';
import { EscalationQueue } from './queues/escalation-queue';
import { EscalationWorker } from './queues/escalation-worker';
import { settleWithin } from './settle-within';
import { callSlack } from './slack/slack-call-error';
import { ConfigError } from './errors';
import { healthRoute } from './http/health-route';
import { IncidentService } from './service/incident-service';
import { IncidentPublisher } from './slack/incident-publisher';
import { registerListeners } from './slack/listeners';
import { SlackChannelOpener } from './slack/slack-channel-opener';
import { SlackUserDirectory } from './slack/slack-user-directory';
import { createRedisConnection } from './store/redis-connection';
import { RedisIncidentStore } from './store/redis-incident-store';

export interface Hotwash {
  /** The HTTP port actually bound (useful with PORT=0). */
  port: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Where "now" comes from; tests replaying past incidents set it. */
  clock?: () => Date;
  logLevel?: LogLevel;
  /** Where logs go; Bolt's console logger when unset. */
  logger?: Logger;
  /** How often the escalation sweep re-creates missing timers (default 60 s). */
  escalationSweepMs?: number;
}

/** The composition root: builds every adapter, wires them to the domain and starts serving. */
export async function startHotwash(config: Config, options: StartOptions = {}): Promise<Hotwash> {
  const clock = options.clock ?? (() => new Date());
  const template = loadPostmortemTemplate(config.postmortemTemplatePath);
  const policy = loadEscalationPolicy(config.escalationPolicyPath);
  // Reconnect until Hotwash stops; then give up, including on the copies BullMQ makes of a
  // connection (duplicate() keeps this function), so no reconnect timer outlives stop().
  let stopping = false;
  const retryStrategy = (attempt: number) => (stopping ? null : Math.min(attempt * 200, 2_000));
  const redis = createRedisConnection(config.redisUrl, { retryStrategy });
  const store = new RedisIncidentStore(redis, config.redisPrefix);
  // Scheduling a timer is part of answering a command, so it fails fast like storage does.
  const queueConnection = createRedisConnection(config.redisUrl, { retryStrategy });
  // BullMQ's rule for workers: blocking commands, retried for as long as it takes.
  const workerConnection = createRedisConnection(config.redisUrl, { maxRetriesPerRequest: null, commandTimeout: undefined, retryStrategy });
  const connections = [redis, queueConnection, workerConnection];

  const receiver = new HTTPReceiver({
    signingSecret: config.slackSigningSecret,
    endpoints: '/slack/events',
    customRoutes: [healthRoute([{ name: 'redis', check: () => store.ping() }])],
    logger: options.logger,
    logLevel: options.logLevel ?? LogLevel.INFO,
  });
  const app: App = new App({
    token: config.slackBotToken,
    receiver,
    logger: options.logger,
    logLevel: options.logLevel ?? LogLevel.INFO,
    clientOptions: {
      slackApiUrl: config.slackApiUrl,
      // Bolt's default retries for half an hour; during an incident a quick, clear failure is better.
      retryConfig: { retries: 3, factor: 2, minTimeout: 300, maxTimeout: 3_000, randomize: true },
      timeout: 10_000,
    },
  });

  const queue = new EscalationQueue(queueConnection, config.redisPrefix, clock, (error) =>
    app.logger.warn(`escalation queue: ${error.message}`),
  );
  const publisher = new IncidentPublisher(app.client, config.timeZone, config.announceChannel, clock);
  let server: Server;
  let worker: EscalationWorker;
  try {
    // Automatic timeline entries (timer pages) are written in the bot's own name.
    const auth = await callSlack('auth.test', () => app.client.auth.test());
    const service = new IncidentService({
      store,
      channels: new SlackChannelOpener(app.client),
      users: new SlackUserDirectory(app.client),
      scheduler: queue,
      timeZone: config.timeZone,
      policy,
      botUserId: auth.user_id ?? 'USLACKBOT',
      template,
      clock,
      onScheduleError: (error) => app.logger.error('could not schedule escalation timers; the sweep will retry', error),
    });
    registerListeners(app, { service, publisher, timeZone: config.timeZone });
    worker = new EscalationWorker({
      connection: workerConnection,
      prefix: config.redisPrefix,
      service,
      delivery: { page: (result) => publisher.publishChange(result), reminder: (incident, quietMs) => publisher.publishReminder(incident, quietMs) },
      onError: (message, error) => app.logger.error(message, error),
      onConnectionError: (error) => app.logger.warn(`escalation worker: ${error.message}`),
      sweepEveryMs: options.escalationSweepMs,
    });
    server = (await app.start(config.port)) as Server;
    worker.start();
  } catch (error) {
    stopping = true;
    await queue.close().catch(() => undefined);
    connections.forEach((connection) => connection.disconnect());
    throw error;
  }
  return {
    port: (server.address() as AddressInfo).port,
    async stop() {
      await app.stop(); // no new requests
      await worker.close(); // running timers finish
      await queue.close();
      stopping = true;
      await Promise.all(connections.map(closeConnection));
    },
  };
}

/** QUIT when Redis is there to hear it, within a second; otherwise just drop the socket. */
async function closeConnection(connection: Redis): Promise<void> {
  if (connection.status === 'ready') await settleWithin(connection.quit(), 1_000);
  connection.disconnect();
}

async function main(): Promise<void> {
  const hotwash = await startHotwash(loadConfig(process.env));
  console.log(`Hotwash is listening on port ${hotwash.port} (POST /slack/events, GET /healthz)`);
  const shutdown = (signal: string) => {
    console.log(`${signal} received; stopping`);
    hotwash.stop().then(
      () => process.exit(0),
      (error) => {
        console.error('Shutdown failed', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (require.main === module) {
  main().catch((error) => {
    // A configuration problem is the operator's to fix: one line, no stack.
    console.error(error instanceof ConfigError ? error.message : `Hotwash failed to start: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, type Logger } from '@slack/bolt';
import { loadConfig, loadPostmortemTemplate, type Config } from './config';
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
}

/** The composition root: builds every adapter, wires them to the domain and starts serving. */
export async function startHotwash(config: Config, options: StartOptions = {}): Promise<Hotwash> {
  const clock = options.clock ?? (() => new Date());
  const template = loadPostmortemTemplate(config.postmortemTemplatePath);
  const redis = createRedisConnection(config.redisUrl);
  const store = new RedisIncidentStore(redis, config.redisPrefix);

  const receiver = new HTTPReceiver({
    signingSecret: config.slackSigningSecret,
    endpoints: '/slack/events',
    customRoutes: [healthRoute([{ name: 'redis', check: () => store.ping() }])],
    logger: options.logger,
    logLevel: options.logLevel ?? LogLevel.INFO,
  });
  const app = new App({
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

  const service = new IncidentService({
    store,
    channels: new SlackChannelOpener(app.client),
    users: new SlackUserDirectory(app.client),
    timeZone: config.timeZone,
    template,
    clock,
  });
  const publisher = new IncidentPublisher(app.client, config.timeZone, config.announceChannel, clock);
  registerListeners(app, { service, publisher, timeZone: config.timeZone });

  let server: Server;
  try {
    server = (await app.start(config.port)) as Server;
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  return {
    port: (server.address() as AddressInfo).port,
    async stop() {
      await app.stop();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
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

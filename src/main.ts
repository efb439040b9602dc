import { type Clock, wallClock } from './domain/clock';
import type { Redis } from 'ioredis';
import { App } from '@slack/bolt';
import { loadConfig, type Config } from './config/environment';
import { loadPolicyFile } from './config/escalation-policy-file';
import { loadPostmortemTemplate } from './config/postmortem-template-file';
import { warmUpPostmortem } from './domain/postmortem/warm-up';
import { ConfigError, TrackerCallError } from './errors';
import type { EffectDelivery } from './ports/outbox';
import { FollowUpExport } from './service/follow-up-export';
import { RedisFollowUpRecords } from './store/redis-follow-up-records';
import type { TrackedIssue, Tracker } from './ports/tracker';
import { healthRoute, type HealthCheck } from './http/health-route';
import { InFlight } from './lifecycle/in-flight';
import { MemoryReturn } from './lifecycle/memory-return';
import { AnswersFirst } from './lifecycle/answers-first';
import { RoomForBursts } from './lifecycle/room-for-bursts';
import { settleWithin } from './lifecycle/settle-within';
import { createCommandObserver } from './observability/command-observer';
import { boltLogger, createLogger, LOG_LEVELS, type HotwashLogLevel, type Logger } from './observability/logger';
import { HotwashMetrics, metricsRoute } from './observability/metrics';
import { isRedisUnreachable, OutageLog } from './observability/outage-log';
import { EscalationQueue } from './queues/escalation-queue';
import { createSlackTransport } from './receivers/slack-transport';
import type { OpsRoute } from './receivers/ops-server';
import { wantsSandbox } from './config/sandbox-mode';
import { EscalationWorker } from './queues/escalation-worker';
import { DeliveryQueue } from './queues/delivery-queue';
import { DeliveryWorker } from './queues/delivery-worker';
import { RecoverySweep } from './service/recovery-sweep';
import { SideEffectDispatcher } from './service/side-effect-dispatcher';
import { createCommandReplay } from './slack/command-replay';
import { JOURNAL_BATCHED_COMMANDS, RedisCommandJournal } from './store/redis-command-journal';
import { RedisOutbox } from './store/redis-outbox';
import { ReplicaWait } from './store/replica-wait';
import type { TimelineEntry } from './domain/timeline-entry';
import { IncidentService, type AppliedChange, type Intake } from './service/incident-service';
import { IncidentPublisher, isTransientDeliveryFailure } from './slack/incident-publisher';
import { AnsweringRunner } from './slack/command-replies';
import { CommandRunner, type CommandResult } from './service/command-runner';
import { ALERT_INTAKE_CHANNEL, alertRoutes } from './alerts/alert-routes';
import type { AlertNotification } from './domain/alerts/alert-notification';
import { RedisAlertGate } from './store/redis-alert-gate';
import { RedisOnCallCovers } from './store/redis-on-call-covers';
import { registerListeners } from './slack/listeners';
import { SLACK_POSTMORTEM_PLACEHOLDERS } from './slack/messages/postmortem-placeholders';
import { unknownPolicyIds } from './slack/policy-check';
import { Replier } from './slack/reply';
import { SlackApi, slackClientOptions } from './slack/slack-api';
import { SlackFetch } from './slack/slack-fetch';
import { SlackChannelOpener } from './slack/slack-channel-opener';
import { SlackUserDirectory } from './slack/slack-user-directory';
import { createRedisConnection } from './store/redis-connection';
import { InThreadPostmortemCompiler } from './postmortem-compiler/in-thread-postmortem-compiler';
import { WorkerPostmortemCompiler } from './postmortem-compiler/worker-postmortem-compiler';
import { RedisEventLedger } from './store/redis-event-ledger';
import { RedisIncidentStore } from './store/redis-incident-store';

export interface Hotwash {
  /** The HTTP port actually bound (useful with PORT=0): Slack's endpoint in HTTP mode, /healthz and /metrics always. */
  port: number;
  /** Stops taking work, finishes what is in flight (bounded), closes the queue and Redis. */
  stop(): Promise<void>;
  /**
   * Resolves once every request received so far, the work after its acknowledgement and what that
   * work left to the background lane (summary rewrites, a page's direct messages) are done; false after `ms`.
   */
  settled(ms?: number): Promise<boolean>;
}

export interface StartOptions {
  /** Where "now" comes from; tests replaying past incidents set it. */
  clock?: Clock;
  /** Where logs go; JSON lines on standard output at LOG_LEVEL when unset. */
  logger?: Logger;
  /** How often the escalation sweep re-creates missing timers (default 60 s). */
  escalationSweepMs?: number;
  /** How long shutdown waits for commands already acknowledged to finish (default 10 s). */
  drainMs?: number;
  /** Overrides OUTBOX_GRACE_MS. */
  outboxGraceMs?: number;
  /** Overrides COMMAND_REPLAY_AFTER_MS. */
  replayAfterMs?: number;
  /** How often the recovery sweep looks for dropped commands and undelivered effects (default 5 s). */
  recoverySweepMs?: number;
  /** The first delivery retry's delay; later ones double, up to a minute (default 1 s). */
  deliveryRetryBaseMs?: number;
  /** The Slack client's first retry delay after a server error; the second doubles it (default 300 ms). */
  slackRetryMs?: number;
  /** More routes on PORT beside /healthz and /metrics (the sandbox's page). */
  extraRoutes?: OpsRoute[];
}

/** The composition root: builds every adapter, wires them to the domain and starts serving. */
export async function startHotwash(config: Config, options: StartOptions = {}): Promise<Hotwash> {
  const clock = options.clock ?? wallClock;
  const logger = options.logger ?? createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  // The effective configuration helps whoever debugs a deployment; credentials are redacted by the logger.
  logger.info({ config }, 'starting');
  const template = loadPostmortemTemplate(config.postmortemTemplatePath);
  const postmortemStyle = { timeZone: config.timeZone, hourCycle: config.hourCycle, placeholders: SLACK_POSTMORTEM_PLACEHOLDERS };
  // Built (dist/), drafts are compiled in a worker thread; run from the TypeScript source (the
  // tests), on this one.
  const postmortemWorker = WorkerPostmortemCompiler.available()
    ? new WorkerPostmortemCompiler({ ...postmortemStyle, ...(config.postmortemTemplatePath ? { templatePath: config.postmortemTemplatePath } : {}) })
    : undefined;
  const postmortems = postmortemWorker ?? new InThreadPostmortemCompiler({ ...postmortemStyle, template });
  const policyFile = loadPolicyFile(config.escalationPolicyPath);
  const policy = policyFile.escalation;
  // Reconnect until Hotwash stops; then give up, including on the copies BullMQ makes of a
  // connection (duplicate() keeps this function), so no reconnect timer outlives stop().
  let stopping = false;
  const retryStrategy = (attempt: number) => (stopping ? null : Math.min(attempt * 200, 2_000));
  const redisTarget = { url: config.redisUrl, ...(config.redisSentinel ? { sentinel: config.redisSentinel } : {}) };
  const redis = createRedisConnection(redisTarget, { retryStrategy, enableAutoPipelining: true, autoPipeliningIgnoredCommands: JOURNAL_BATCHED_COMMANDS });
  // Scheduling a timer is part of answering a command, so it fails fast like storage does.
  const queueConnection = createRedisConnection(redisTarget, { retryStrategy });
  // BullMQ's rule for workers: blocking commands, retried for as long as it takes.
  const workerConnection = createRedisConnection(redisTarget, { maxRetriesPerRequest: null, commandTimeout: undefined, retryStrategy });
  // Writes that wait for replicas (WAIT holds its connection) get a connection of their own.
  const waitingConnection = config.redisMinReplicasAck > 0 ? createRedisConnection(redisTarget, { retryStrategy }) : undefined;
  const connections = { store: redis, queue: queueConnection, worker: workerConnection, ...(waitingConnection ? { replicated: waitingConnection } : {}) };

  const onUnavailable = () => metrics.redisErrors.inc({ source: 'command' });
  const replicas = new ReplicaWait(
    config.redisMinReplicasAck > 0
      ? {
          replicas: config.redisMinReplicasAck,
          timeoutMs: config.redisWaitTimeoutMs,
          onShortfall: (acknowledged) => {
            metrics.replicaShortfalls.inc();
            logger.warn({ acknowledged, wanted: config.redisMinReplicasAck }, 'Redis replicas did not confirm a write in time');
          },
        }
      : undefined,
  );
  const followUpRecords = new RedisFollowUpRecords(redis, config.redisPrefix);
  const tracker = await configuredTracker(config);
  const store = new RedisIncidentStore(redis, config.redisPrefix, {
    onUnavailable,
    outboxGraceMs: options.outboxGraceMs ?? config.outboxGraceMs,
    ...(waitingConnection ? { replicas: { wait: replicas, connection: waitingConnection } } : {}),
  });
  const outbox = new RedisOutbox(redis, config.redisPrefix);
  const journal = new RedisCommandJournal(waitingConnection ?? redis, config.redisPrefix, { onUnavailable, replicas });
  const metrics = new HotwashMetrics(
    () => store.countOpen(),
    () => outbox.backlog(),
  );
  // One account of a Redis outage, whoever meets it; anything else each reports as it comes.
  const outage = new OutageLog(logger);
  const warnUnlessOutage = (source: string, message: string) => (error: unknown) =>
    isRedisUnreachable(error) ? outage.report(source, error) : logger.warn({ err: error }, message);
  for (const [name, connection] of Object.entries(connections)) watchConnection(name, connection, outage, metrics);

  const boltLog = boltLogger(logger);
  // The health route reads this list on every request, so the transport can add its own check below.
  const healthChecks: HealthCheck[] = [{ name: 'redis', check: () => store.ping() }];
  const backlogDetail = async () => {
    const { depth, oldestCreatedAt } = await outbox.backlog();
    return { outbox: { depth, oldestAgeSeconds: oldestCreatedAt ? Math.round((Date.now() - oldestCreatedAt.getTime()) / 1000) : 0 } };
  };
  // Alert intake shares PORT with /healthz. It is wired before Slack's transport starts; what it
  // carries out needs the runner, built below, and until then the journal keeps what arrives.
  const inFlight = new InFlight();
  const alertIntake: { botUserId: string; carryOut?: (notification: AlertNotification, intake: Intake) => Promise<void> } = { botUserId: 'USLACKBOT' };
  const alertIntakeRoutes = config.alertToken
    ? alertRoutes({
        token: config.alertToken,
        journal,
        get botUserId() {
          return alertIntake.botUserId;
        },
        now: clock,
        carryOut: (notification, intake) => alertIntake.carryOut?.(notification, intake) ?? Promise.resolve(),
        track: (work) => inFlight.track(work),
        count: (source, outcome) => metrics.alertNotifications.inc({ source, outcome }),
      })
    : [];
  const answersFirst = new AnswersFirst();
  const memoryReturn = new MemoryReturn({
    msSinceLastRequest: () => answersFirst.msSinceLastPost(),
    onReturned: (before, after, pauseMs) =>
      logger.info(
        { heapBeforeMb: Math.round(before / 2 ** 20), heapAfterMb: Math.round(after / 2 ** 20), pauseMs: Math.round(pauseMs) },
        'memory given back after a burst',
      ),
  });
  const roomForBursts = new RoomForBursts({ msSinceLastRequest: () => answersFirst.msSinceLastPost() });
  const transport = createSlackTransport({
    signingSecret: config.slackSigningSecret,
    appToken: config.slackAppToken,
    slackApiUrl: config.slackApiUrl,
    opsRoutes: [healthRoute(healthChecks, backlogDetail), metricsRoute(metrics), ...alertIntakeRoutes, ...(options.extraRoutes ?? [])],
    boltLogger: boltLog,
    logger,
    onServer: (server) => answersFirst.watch(server),
  });
  if (transport.health) healthChecks.push(transport.health);
  const slackFetch = new SlackFetch();
  const app: App = new App({
    token: config.slackBotToken,
    receiver: transport.receiver,
    logger: boltLog,
    // Bolt's conversation store keeps per-conversation state Hotwash never reads, and costs every
    // request a rejected lookup (an Error with its stack): about 5% of a bare Bolt app's CPU.
    convoStore: false,
    // During an incident a quick, clear failure beats Bolt's default of retrying for half an hour.
    clientOptions: { slackApiUrl: config.slackApiUrl, ...slackClientOptions(options.slackRetryMs, slackFetch) },
  });
  const slack = new SlackApi(app.client, (error) => metrics.slackErrors.inc({ method: error.method, error: error.slackError }));
  // Every request's whole handling, acknowledgement and the work after it, so shutdown can wait for it.
  app.use(({ next }) => inFlight.track(next()));

  const queue = new EscalationQueue(queueConnection, config.redisPrefix, clock, warnUnlessOutage('escalation queue', 'escalation queue error'));
  const deliveryQueue = new DeliveryQueue(
    queueConnection,
    config.redisPrefix,
    options.deliveryRetryBaseMs,
    warnUnlessOutage('delivery queue', 'delivery queue error'),
  );
  let port: number;
  let worker: EscalationWorker;
  let deliveryWorker: DeliveryWorker;
  let drainDeliveries: (ms: number) => Promise<boolean> = async () => true;
  let sweepTimer: NodeJS.Timeout | undefined;
  try {
    // Automatic timeline entries (timer pages) are written in the bot's own name.
    const auth = await slack.call('auth.test', (client) => client.auth.test());
    const botUserId = auth.user_id ?? 'USLACKBOT';
    alertIntake.botUserId = botUserId;
    const service: IncidentService = new IncidentService({
      store,
      journal,
      channels: new SlackChannelOpener(slack),
      users: new SlackUserDirectory(slack),
      scheduler: queue,
      timeZone: config.timeZone,
      postmortems,
      policy,
      schedules: policyFile.schedules,
      roles: policyFile.roles,
      ...(tracker
        ? {
            followUps: { private: policyFile.exportPrivateFollowUps },
            followUpIssues: (id: string) => followUpRecords.issuesOf(id),
            followUpState: (issue: TrackedIssue) => tracker.state(issue),
          }
        : {}),
      covers: new RedisOnCallCovers(redis, config.redisPrefix),
      alertGate: new RedisAlertGate(redis, config.redisPrefix),
      alertPolicy: policyFile.alerts,
      botUserId,
      clock,
      onScheduleError: (error) => logger.error({ err: error }, 'could not schedule escalation timers; the sweep will retry'),
      onChange: (change) => recordChangeMetrics(change, metrics),
    });
    const time = { timeZone: config.timeZone, hourCycle: config.hourCycle };
    const publisher = new IncidentPublisher({
      slack,
      time,
      roles: policyFile.roles,
      announcePrivate: policyFile.announcePrivate,
      announceChannel: config.announceChannel,
      clock,
      rememberSummary: (incidentId, ts) => service.rememberSummaryMessage(incidentId, ts),
      rememberAnnouncement: (incidentId, ts) => service.rememberAnnouncement(incidentId, ts),
      compilePostmortem: (incident) => service.draftPostmortem(incident.channelId),
      latestEntry: async (incident) =>
        (await service.timeline(incident.channelId)).entries.reduce<TimelineEntry | undefined>((a, b) => (a && a.seq > b.seq ? a : b), undefined),
    });
    // Tasks go to the tracker through the same outbox: recorded with the close, delivered until done.
    const followUpExport = tracker
      ? new FollowUpExport({
          tracker,
          records: followUpRecords,
          users: new SlackUserDirectory(slack),
          notices: publisher,
          linkTo: (incident) => `#${incident.channelName} (Slack channel ${incident.channelId})`,
        })
      : undefined;
    const delivery: EffectDelivery = {
      deliver: (entry, incident, options) =>
        entry.effect.kind === 'followUp' ? (followUpExport?.deliver(entry, incident) ?? Promise.resolve()) : publisher.deliver(entry, incident, options),
      reportUndeliverable: (entry, incident, error) => publisher.reportUndeliverable(entry, incident, error),
    };
    const dispatcher = new SideEffectDispatcher({
      outbox,
      delivery,
      retries: deliveryQueue,
      incidentById: (id) => service.incidentById(id),
      isTransient: (error) => isTransientDeliveryFailure(error) || (error instanceof TrackerCallError && error.transient),
      onFailure: ({ entry, error, willRetry }) => {
        metrics.deliveryFailures.inc({ effect: entry.effect.kind, retry: willRetry ? 'yes' : 'no' });
        const line = { err: error, effect: entry.effect.kind, entry: entry.id, incident: entry.effect.incidentId };
        if (willRetry) logger.warn(line, `delivery of ${entry.effect.kind} failed; it will be retried`);
        else logger.error(line, `delivery of ${entry.effect.kind} failed for good; the people concerned are told`);
      },
      onBookkeepingError: (error) => logger.warn({ err: error }, 'outbox bookkeeping failed; the recovery sweep will finish it'),
    });
    drainDeliveries = (ms) => dispatcher.drain(ms);
    const commandRunner = new CommandRunner({ service, sharing: publisher, dispatcher, journal });
    alertIntake.carryOut = async (notification, intake) => {
      const result = await commandRunner.run({ name: 'alert', notification }, botUserId, ALERT_INTAKE_CHANNEL, {}, intake);
      const outcome = alertResultOf(result);
      metrics.alertNotifications.inc({ source: notification.source, outcome });
      const line = { source: notification.source, key: notification.key, action: notification.action, incident: result.incidentId, outcome };
      if (outcome === 'failed') logger.error({ ...line, err: result.error }, `alert ${notification.action}: ${outcome}`);
      else logger.info(line, `alert ${notification.action}: ${outcome}`);
    };
    const listenerDeps = {
      runner: new AnsweringRunner(commandRunner, {
        time,
        announceChannel: config.announceChannel,
      }),
      service,
      slack,
      replier: new Replier(slack, slackFetch),
      timeZone: config.timeZone,
      observe: createCommandObserver(logger, metrics),
      ledger: new RedisEventLedger(redis, config.redisPrefix),
      journal,
      bot: { userId: botUserId, botId: auth.bot_id },
      logger,
      afterAcks: <T>(work: () => Promise<T>) => answersFirst.defer(work),
    };
    registerListeners(app, listenerDeps);
    const recovery = new RecoverySweep({
      outbox,
      retries: deliveryQueue,
      journal,
      replay: createCommandReplay(listenerDeps, (notification, intake) => alertIntake.carryOut?.(notification, intake) ?? Promise.resolve()),
      replayAfterMs: options.replayAfterMs ?? config.commandReplayAfterMs,
      onError: (what, error) => warnUnlessOutage('recovery sweep', `${what}; the next sweep will retry`)(error),
    });
    deliveryWorker = new DeliveryWorker({
      connection: workerConnection,
      prefix: config.redisPrefix,
      dispatcher,
      retryBaseMs: options.deliveryRetryBaseMs,
      onError: (message, error) => logger.error({ err: error }, message),
      onConnectionError: warnUnlessOutage('delivery worker', 'delivery worker error'),
    });
    const sweep = () => void recovery.sweep();
    worker = new EscalationWorker({
      connection: workerConnection,
      prefix: config.redisPrefix,
      service,
      // In a storm of pages, every page reaches its channel before the direct messages of the first ones.
      deliver: async (change) => void (await dispatcher.dispatchChannelFirst(change)),
      onError: (message, error) => logger.error({ err: error }, message),
      onSweepError: warnUnlessOutage('escalation sweep', 'escalation sweep failed; the next one will retry'),
      onConnectionError: warnUnlessOutage('escalation worker', 'escalation worker error'),
      onPageRecorded: (latenessMs) => metrics.pageLateness.observe(latenessMs / 1000),
      sweepEveryMs: options.escalationSweepMs,
    });
    // Reported once, at start-up: a policy naming someone Slack does not know would page nobody.
    void unknownPolicyIds(slack, policyFile).then(
      (unknown) => unknown.length && logger.warn({ unknown }, `the escalation policy names IDs Slack does not know: ${unknown.join('; ')}`),
      () => undefined,
    );
    // Before the first request: the first real postmortem then does not also pay for compiling
    // (the worker warms up on its own), nor its upload for loading Node's fetch.
    if (!postmortemWorker) warmUpPostmortem(template, config.timeZone, config.hourCycle);
    await slackFetch.warmUp();
    port = await transport.start(app, config.port);
    worker.start();
    memoryReturn.start();
    roomForBursts.start();
    deliveryWorker.start();
    sweep();
    sweepTimer = setInterval(sweep, options.recoverySweepMs ?? 5_000);
    sweepTimer.unref();
  } catch (error) {
    stopping = true;
    await transport.close();
    await queue.close().catch(() => undefined);
    await deliveryQueue.close().catch(() => undefined);
    for (const connection of Object.values(connections)) connection.disconnect();
    await slackFetch.close();
    await postmortemWorker?.close();
    throw error;
  }
  logger.info(
    { port, transport: transport.mode, postmortems: postmortemWorker ? 'worker thread' : 'main thread' },
    transport.mode === 'socket-mode'
      ? `Hotwash is connected over Socket Mode; /healthz and /metrics on port ${port}`
      : `Hotwash is listening on port ${port} (POST /slack/events, GET /healthz, GET /metrics)`,
  );
  return {
    port,
    settled: async (ms = 10_000) => (await inFlight.drain(ms)) && (await drainDeliveries(ms)),
    async stop() {
      await settleWithin(app.stop(), 5_000); // no new requests
      const drained = await inFlight.drain(options.drainMs ?? 10_000); // acknowledged commands finish
      if (!drained) logger.warn(`stopped with ${inFlight.size} request(s) unfinished after the grace period`);
      if (sweepTimer) clearInterval(sweepTimer);
      await worker.close(); // running timers finish
      await drainDeliveries(options.drainMs ?? 10_000); // and what their pages promised besides
      await deliveryWorker.close(); // running deliveries finish
      await queue.close();
      await deliveryQueue.close();
      stopping = true;
      await Promise.all(Object.values(connections).map(closeConnection));
      outage.stop();
      memoryReturn.stop();
      roomForBursts.stop();
      await transport.close();
      await slackFetch.close();
      await postmortemWorker?.close();
      logger.info('Hotwash stopped');
    },
  };
}

/**
 * One tracker: GitHub when it is configured, else Jira, else none (tasks stay in the
 * postmortem). Its client is loaded only when configured: Jira's alone is about 30 MB resident.
 */
async function configuredTracker(config: Config): Promise<Tracker | undefined> {
  if (config.github) {
    const { GitHubTracker } = await import('./trackers/github-tracker');
    return new GitHubTracker({ token: config.github.token, repository: config.github.repository, baseUrl: config.github.apiUrl });
  }
  if (config.jira) {
    const { JiraTracker } = await import('./trackers/jira-tracker');
    return new JiraTracker(config.jira);
  }
  return undefined;
}

/** What became of a carried-out alert notification, for its metric and log line. */
function alertResultOf({ done, outcome }: CommandResult): 'declared' | 'updated' | 'unchanged' | 'ignored' | 'failed' {
  if (done.kind === 'declared') return 'declared';
  if (done.kind === 'changed') return 'updated';
  if (done.kind === 'nothing') return 'ignored';
  return outcome === 'refused' ? 'unchanged' : 'failed';
}

/** What must never appear in a log line, whatever logs it. */
function secretsOf(config: Config): string[] {
  return [
    config.slackBotToken,
    config.slackAppToken,
    config.slackSigningSecret,
    config.redisSentinel?.password,
    config.alertToken,
    config.github?.token,
    config.jira?.apiToken,
  ].filter((s): s is string => Boolean(s));
}

/** Pages by trigger, and time to acknowledge, from every saved change. */
function recordChangeMetrics({ incident, previous, entries }: AppliedChange, metrics: HotwashMetrics): void {
  for (const entry of entries) if (entry.kind === 'page') metrics.pagesSent.inc({ trigger: entry.trigger });
  if (incident.acknowledgedAt && !previous.acknowledgedAt) {
    metrics.acknowledgementLatency.observe(
      { severity: incident.severity },
      Math.max(0, incident.acknowledgedAt.getTime() - incident.declaredAt.getTime()) / 1000,
    );
  }
}

/**
 * Counts connection errors and tells the outage log of each loss and recovery, not of every
 * reconnect attempt. The listener also keeps ioredis from printing "Unhandled error event".
 */
function watchConnection(name: string, connection: Redis, outage: OutageLog, metrics: HotwashMetrics): void {
  connection.on('error', (error: Error) => {
    metrics.redisErrors.inc({ source: 'connection' });
    outage.report(`${name} connection`, error);
  });
  connection.on('ready', () => outage.recovered(`${name} connection`));
}

/** QUIT when Redis is there to hear it, within a second; otherwise just drop the socket. */
async function closeConnection(connection: Redis): Promise<void> {
  if (connection.status === 'ready') await settleWithin(connection.quit(), 1_000);
  connection.disconnect();
}

/** Hotwash against Slack, or, with no Slack app outside production, the sandbox (src/sandbox). */
async function startFromEnvironment(env: NodeJS.ProcessEnv): Promise<{ hotwash: Pick<Hotwash, 'stop'>; logger: Logger }> {
  if (wantsSandbox(env)) {
    const { startSandbox, sandboxBanner } = await import('./sandbox/sandbox');
    const logger = createLogger({ level: env.LOG_LEVEL && isLogLevel(env.LOG_LEVEL) ? env.LOG_LEVEL : 'warn' });
    const sandbox = await startSandbox(env, startHotwash, logger);
    console.log(sandboxBanner(sandbox.url));
    if (env.SANDBOX_DEMO === '1') {
      console.log(`Playing the demo incident at ${sandbox.url} …`);
      sandbox.demo().then(
        () => console.log('The demo incident is closed: its postmortem is in the incident channel.'),
        (error: unknown) => logger.error({ err: error }, 'the demo stopped'),
      );
    }
    return { hotwash: sandbox, logger };
  }
  const config = loadConfig(env);
  const logger = createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  return { hotwash: await startHotwash(config, { logger }), logger };
}

async function main(): Promise<void> {
  const { hotwash, logger } = await startFromEnvironment(process.env);
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
  // One request, or one library's stray promise, must not end the process and every command in
  // flight with it: what escapes every handler is logged and Hotwash keeps serving. What was
  // acknowledged is in the journal either way.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'an unhandled rejection reached the process; still serving'));
  process.on('uncaughtException', (error) => logger.error({ err: error }, 'an uncaught exception reached the process; still serving'));
}

/** Runs Hotwash as a program: `node dist/main.js`, or `npm start` through scripts/start.js. */
export function runFromCommandLine(): void {
  main().catch((error) => {
    // A configuration problem is the operator's to fix: one line, no stack.
    console.error(error instanceof ConfigError ? error.message : `Hotwash failed to start: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}

if (require.main === module) runFromCommandLine();

function isLogLevel(value: string): value is HotwashLogLevel {
  return LOG_LEVELS.some((level) => level === value);
}

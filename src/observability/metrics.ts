import type { ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Where a Redis error was seen: a command that failed, or a connection that dropped. */
export type RedisErrorSource = 'command' | 'connection';

/**
 * Every metric Hotwash exports, in a registry of its own (two apps in one process, as in tests,
 * must not share counters). The names and labels are documented in the README's metrics list.
 */
export class HotwashMetrics {
  readonly registry = new Registry();

  readonly commands = new Counter({
    name: 'hotwash_commands_total',
    help: 'Slash commands and interactions handled, by subcommand and outcome.',
    labelNames: ['subcommand', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly commandDuration = new Histogram({
    name: 'hotwash_command_duration_seconds',
    help: 'Time from receiving a command to having answered it, by subcommand.',
    labelNames: ['subcommand'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly acknowledgementLatency = new Histogram({
    name: 'hotwash_incident_acknowledgement_seconds',
    help: 'Time from an incident starting to its first acknowledgement (time to acknowledge), by severity.',
    labelNames: ['severity'] as const,
    buckets: [30, 60, 120, 300, 600, 900, 1800, 3600, 7200],
    registers: [this.registry],
  });

  readonly openIncidents: Gauge;

  readonly alertNotifications = new Counter({
    name: 'hotwash_alert_notifications_total',
    help: 'Alert notifications, by source and what became of them: accepted, duplicate, unauthorized, invalid, too_large, unavailable (at intake); declared, updated, unchanged, ignored, failed (carried out).',
    labelNames: ['source', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly pagesSent = new Counter({
    name: 'hotwash_escalation_pages_total',
    help: 'Escalation pages recorded, by trigger (timer or manual /incident escalate).',
    labelNames: ['trigger'] as const,
    registers: [this.registry],
  });

  readonly pageLateness = new Histogram({
    name: 'hotwash_escalation_page_lateness_seconds',
    help: 'How long after its due time a timed page was recorded.',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  readonly slackErrors = new Counter({
    name: 'hotwash_slack_api_errors_total',
    help: "Slack Web API calls that failed after retries, by method and Slack's error code.",
    labelNames: ['method', 'error'] as const,
    registers: [this.registry],
  });

  readonly redisErrors = new Counter({
    name: 'hotwash_redis_errors_total',
    help: 'Redis errors: commands that failed, and connection errors.',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  readonly deliveryFailures = new Counter({
    name: 'hotwash_delivery_failures_total',
    help: 'Side effects (posts, pages, summary updates…) that failed an attempt, by effect and whether another attempt follows.',
    labelNames: ['effect', 'retry'] as const,
    registers: [this.registry],
  });

  readonly replicaShortfalls = new Counter({
    name: 'hotwash_redis_replica_shortfalls_total',
    help: 'Times REDIS_MIN_REPLICAS_ACK replicas did not confirm a write within REDIS_WAIT_TIMEOUT_MS.',
    registers: [this.registry],
  });

  readonly outboxDepth: Gauge;
  readonly outboxOldestAge: Gauge;

  constructor(countOpenIncidents?: () => Promise<number>, outboxBacklog?: () => Promise<{ depth: number; oldestCreatedAt?: Date }>) {
    collectDefaultMetrics({ register: this.registry, prefix: 'hotwash_' });
    this.openIncidents = new Gauge({
      name: 'hotwash_open_incidents',
      help: 'Incidents not yet closed, read from Redis at scrape time.',
      registers: [this.registry],
      // Read at scrape time so every replica reports the same truth. With Redis away the last
      // value stays; the store counts the failure in hotwash_redis_errors_total.
      async collect() {
        if (!countOpenIncidents) return;
        try {
          this.set(await countOpenIncidents());
        } catch {
          // keep the last value
        }
      },
    });
    // One read serves both outbox gauges in a scrape.
    let backlog: Promise<{ depth: number; oldestCreatedAt?: Date } | undefined> | undefined;
    const readBacklog = () =>
      (backlog ??= (outboxBacklog?.() ?? Promise.resolve(undefined)).catch(() => undefined).finally(() => setTimeout(() => (backlog = undefined), 0)));
    this.outboxDepth = new Gauge({
      name: 'hotwash_outbox_depth',
      help: 'Side effects recorded and not yet delivered (posts, pages, summary updates…).',
      registers: [this.registry],
      async collect() {
        const read = await readBacklog();
        if (read) this.set(read.depth);
      },
    });
    this.outboxOldestAge = new Gauge({
      name: 'hotwash_outbox_oldest_age_seconds',
      help: 'How long the oldest undelivered side effect has waited; 0 when none waits.',
      registers: [this.registry],
      async collect() {
        const read = await readBacklog();
        if (read) this.set(read.oldestCreatedAt ? Math.max(0, (Date.now() - read.oldestCreatedAt.getTime()) / 1000) : 0);
      },
    });
  }
}

/** `GET /metrics` in Prometheus' text format. */
export function metricsRoute(metrics: HotwashMetrics) {
  return {
    path: '/metrics',
    method: ['GET'],
    handler: (_req: unknown, res: ServerResponse): void => {
      metrics.registry.metrics().then(
        (body) => {
          res.writeHead(200, { 'Content-Type': metrics.registry.contentType });
          res.end(body);
        },
        (error: Error) => {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end(`metrics unavailable: ${error.message}\n`);
        },
      );
    },
  };
}

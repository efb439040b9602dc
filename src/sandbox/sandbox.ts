import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { type Config, loadConfig } from '../config/environment';
import { sandboxSettings } from '../config/sandbox-mode';
import { ConfigError } from '../errors';
import type { Logger } from '../observability/logger';
import type { OpsRoute } from '../receivers/ops-server';
import { signedHeaders } from './slack-requests';
import { SlackStandIn } from './slack-stand-in';
import { hasRedisServerBinary, REDIS_INSTALL_HINT, redisAnswers, ThrowawayRedis } from './throwaway-redis';
import { playDemo } from './demo';
import { SANDBOX_PEOPLE, SandboxWorkspace } from './workspace';

/** What the sandbox needs of Hotwash: the composition root's start, with the page's routes on its port. */
export type StartHotwash = (config: Config, options: { logger?: Logger; extraRoutes?: OpsRoute[] }) => Promise<{ port: number; stop(): Promise<void> }>;

/**
 * The sandbox's escalation policy: short timers, so a newcomer sees a page escalate within a
 * minute, and a schedule of the pretend people.
 */
const SANDBOX_POLICY = `# The sandbox's own policy (ESCALATION_POLICY overrides it).
schedules:
  primary:
    time_zone: UTC
    rotation:
      users: [UBOB, UCAROL]
      every: 1d
      handoff: 2024-01-01 09:00
roles: [commander, communications, scribe]
severities:
  sev1:
    levels:
      - notify: [schedule:primary]
        escalate_after: 30s
      - notify: [SONCALL]
        escalate_after: 30s
    remind_every: 5m
  sev2:
    levels:
      - notify: [schedule:primary]
        escalate_after: 1m
    remind_every: 10m
  sev3:
    levels: []
    remind_every: 30m
`;

export interface Sandbox {
  port: number;
  url: string;
  slack: SlackStandIn;
  /** Plays the seed incident on the page (what `npm run demo` and the page's button do); `pauseMs` between steps. */
  demo(pauseMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Hotwash, unchanged, against a local stand-in for the part of Slack it uses, with a page at
 * http://localhost:PORT/ where a person plays the workspace. Redis is REDIS_URL's, else a
 * throwaway redis-server when one is installed; sandbox data lives under its own prefix.
 */
export async function startSandbox(env: NodeJS.ProcessEnv, start: StartHotwash, logger?: Logger): Promise<Sandbox> {
  const say = (line: string) => (logger ? logger.warn(line) : console.log(line));
  const redisUrl = env.REDIS_URL || 'redis://127.0.0.1:6379';
  let throwaway: ThrowawayRedis | undefined;
  if (!(await redisAnswers(redisUrl))) {
    if (!hasRedisServerBinary()) throw new ConfigError(`The sandbox needs Redis, and none answered at ${redisUrl}. ${REDIS_INSTALL_HINT}`);
    throwaway = await ThrowawayRedis.start();
    say(`No Redis answered at ${redisUrl}: the sandbox started a throwaway redis-server on port ${throwaway.port} (its data goes when the sandbox stops).`);
  }

  const settings = sandboxSettings(env);
  const prefix = settings.redisPrefix;
  // The stand-in's channels and messages are new at every start: incidents kept from an earlier
  // run would point at channels that no longer exist, so the sandbox starts from nothing.
  await forgetEarlierRuns(throwaway?.url ?? redisUrl, prefix);

  const slack = await new SlackStandIn().start();
  for (const person of SANDBOX_PEOPLE) slack.addUser(person);
  slack.userGroups.set('SONCALL', ['UBOB', 'UCAROL']);
  slack.userGroupHandles.set('SONCALL', 'oncall');
  const general = slack.addChannel('general', 'CGENERAL');
  const announcements = slack.addChannel('incidents', 'CINCIDENTS');
  for (const channel of [general, announcements]) for (const person of SANDBOX_PEOPLE) slack.channels.get(channel)!.members.add(person.id);

  const policyPath = join(mkdtempSync(join(tmpdir(), 'hotwash-sandbox-')), 'policy.yaml');
  writeFileSync(policyPath, SANDBOX_POLICY);
  const signingSecret = randomBytes(16).toString('hex');
  const config = loadConfig({
    ...env,
    SLACK_BOT_TOKEN: 'xoxb-sandbox',
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_APP_TOKEN: '',
    SLACK_API_URL: slack.apiUrl,
    REDIS_URL: throwaway?.url ?? redisUrl,
    REDIS_SENTINELS: '',
    REDIS_PREFIX: prefix,
    ANNOUNCE_CHANNEL: announcements,
    ESCALATION_POLICY: env.ESCALATION_POLICY || policyPath,
    LOG_LEVEL: env.LOG_LEVEL || 'warn',
    // A tracker in the sandbox would file real issues: follow-ups stay in the postmortem.
    GITHUB_TOKEN: '',
    JIRA_URL: '',
  });

  let port = 0;
  const deliver = (body: string, contentType: string) => post(port, body, signedHeaders(signingSecret, body, contentType));
  const workspace = new SandboxWorkspace(slack, deliver, settings.demoPauseMs);
  slack.onResponse = (id, body) => workspace.recordResponse(id, body);
  let hotwash: Awaited<ReturnType<StartHotwash>>;
  try {
    hotwash = await start(config, { ...(logger ? { logger } : {}), extraRoutes: workspace.routes });
  } catch (error) {
    await slack.stop();
    await throwaway?.destroy();
    throw error;
  }
  port = hotwash.port;
  const url = `http://localhost:${port}/`;
  return {
    port,
    url,
    slack,
    demo: (pauseMs = settings.demoPauseMs) => workspace.demo ?? playDemo(workspace, slack, pauseMs),
    async stop() {
      workspace.close();
      await hotwash.stop();
      await slack.stop();
      await throwaway?.destroy();
    },
  };
}

/** The banner `npm start` prints: nobody should mistake the sandbox for a real deployment. */
export function sandboxBanner(url: string): string {
  const line = '='.repeat(72);
  return [
    line,
    '  HOTWASH SANDBOX: no Slack app is configured (SLACK_BOT_TOKEN is unset),',
    '  so Hotwash runs against a local stand-in for Slack. Nothing leaves this machine.',
    `  Open ${url} to run an incident as Alice, Bob, Carol or Dave.`,
    '  `npm run demo` plays a whole incident there. To connect a real workspace, see the README.',
    line,
  ].join('\n');
}

/** Deletes every key under the sandbox's prefix (and only those). */
async function forgetEarlierRuns(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

function post(port: number, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/slack/events', method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

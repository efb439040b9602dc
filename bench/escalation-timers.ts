/**
 * How late escalation pages are when 1,000 timers fall due in the same second. Runs the real app
 * (HTTP, BullMQ worker, Redis store, Slack client) against the fake Slack Web API from test/, on
 * the Redis at REDIS_URL (default 127.0.0.1:6379) under a throwaway prefix. Lateness is when the
 * page reached Slack minus when it was due. Run with `npm run bench:escalation`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { declareIncident } from '../src/domain/incident';
import type { EscalationPolicy } from '../src/domain/escalation/escalation-policy';
import { startHotwash } from '../src/main';
import { EscalationQueue } from '../src/queues/escalation-queue';
import { RedisIncidentStore } from '../src/store/redis-incident-store';
import { FakeSlack } from '../test/support/fake-slack';
import { deleteKeysUnder } from '../test/support/redis';

const TIMERS = Number(process.env.TIMERS ?? 1_000);
const LEAD_MS = 8_000; // scheduled this far ahead, so all are waiting before they fall due

async function main(): Promise<void> {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `hotwash-bench-${process.pid}`;
  const policy: EscalationPolicy = { sev1: { levels: [{ notify: ['UONCALL'], escalateAfterMs: 600_000 }], repeat: 0 } };
  const policyFile = join(mkdtempSync(join(tmpdir(), 'hotwash-bench-')), 'policy.yaml');
  writeFileSync(policyFile, 'severities:\n  sev1:\n    levels:\n      - notify: [UONCALL]\n        escalate_after: 10m\n');

  const slack = await new FakeSlack().start();
  const hotwash = await startHotwash(
    {
      slackBotToken: 'xoxb-bench',
      slackSigningSecret: 'bench',
      slackApiUrl: slack.apiUrl,
      redisUrl,
      redisPrefix: prefix,
      redisMinReplicasAck: 0,
      redisWaitTimeoutMs: 500,
      commandReplayAfterMs: 15_000,
      outboxGraceMs: 30_000,
      port: 0,
      timeZone: 'UTC',
      hourCycle: '24h',
      escalationPolicyPath: policyFile,
      logLevel: 'error',
    },
    { escalationSweepMs: 0 },
  );
  const redis = new Redis(redisUrl);
  const store = new RedisIncidentStore(redis, prefix);
  const queue = new EscalationQueue(new Redis(redisUrl, { maxRetriesPerRequest: 1 }), prefix);

  // 1,000 open incidents whose level-1 page is due at the same instant.
  const dueAt = new Date(Date.now() + LEAD_MS);
  const incidents = [];
  for (let i = 0; i < TIMERS; i += 1) {
    const channelId = slack.addChannel(`inc-bench-${i}`);
    const declared = declareIncident({
      id: String(i + 1),
      title: `Bench ${i}`,
      severity: 'sev1',
      declaredBy: 'UALICE',
      channelId,
      channelName: `inc-bench-${i}`,
      now: new Date(),
      policy,
    });
    declared.incident.escalation = { ...declared.incident.escalation!, nextPageAt: dueAt };
    incidents.push(declared);
  }
  await Promise.all(incidents.map((declared) => store.create(declared)));
  await Promise.all(incidents.map(({ incident }) => queue.schedule(incident)));
  const scheduledBy = Date.now();

  const pages = () => slack.messages.filter((m) => /^:rotating_light: \*(Escalation, |Paging )level/.test(m.text));
  const deadline = dueAt.getTime() + 60_000;
  while (pages().length < TIMERS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 2_000)); // let any duplicate arrive

  const sent = pages();
  const perChannel = new Map<string, number>();
  for (const page of sent) perChannel.set(page.channel, (perChannel.get(page.channel) ?? 0) + 1);
  const lateness = sent.map((page) => page.receivedAt - dueAt.getTime()).sort((a, b) => a - b);
  const pick = (q: number) => lateness[Math.min(lateness.length - 1, Math.floor(q * lateness.length))] ?? NaN;

  console.log(`timers due at the same instant: ${TIMERS} (all scheduled ${dueAt.getTime() - scheduledBy} ms before they fell due)`);
  console.log(
    `pages sent: ${sent.length}; channels paged more than once: ${[...perChannel.values()].filter((n) => n > 1).length}; early pages: ${lateness.filter((l) => l < 0).length}`,
  );
  console.log(`lateness (due → page at Slack): min ${lateness[0]} ms, p50 ${pick(0.5)} ms, p99 ${pick(0.99)} ms, max ${lateness.at(-1)} ms`);
  // Where the time goes: the page's timeline entry is written when the timer is taken (compare-and-set).
  const recorded = await Promise.all(incidents.map(async ({ incident }) => (await store.timeline(incident.id)).find((e) => e.kind === 'page')?.at.getTime()));
  const takeLateness = recorded.flatMap((at) => (at === undefined ? [] : [at - dueAt.getTime()])).sort((a, b) => a - b);
  const q = (values: number[], p: number) => values[Math.min(values.length - 1, Math.floor(p * values.length))];
  console.log(`  of which due → recorded in Redis: p50 ${q(takeLateness, 0.5)} ms, p99 ${q(takeLateness, 0.99)} ms; the rest is posting to Slack`);
  console.log(`node ${process.version}, worker concurrency 100, Slack faked on loopback`);

  await queue.close();
  await hotwash.stop();
  await deleteKeysUnder(redis, prefix);
  redis.disconnect();
  await slack.stop();
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

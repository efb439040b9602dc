/**
 * Page lateness: PAGES escalation timers fall due at one instant, each page as real as in
 * production (a pinned summary to bring up to date; level 1 notifies a user group and an on-call
 * schedule, so every page also goes out as direct messages). Lateness is when the page reached
 * Slack minus when it was due. The floor is a bare BullMQ queue and worker on the same Redis,
 * with the same concurrency, posting one message per job (floors/bare-bullmq.ts).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { parsePolicyFile } from '../../src/config/escalation-policy-file';
import { declareIncident } from '../../src/domain/incident';
import { EscalationQueue } from '../../src/queues/escalation-queue';
import { RedisIncidentStore } from '../../src/store/redis-incident-store';
import { deleteKeysUnder } from '../../test/support/redis';
import { FakeSlackChild, startChild, stopChild } from '../support/children';
import { forgetKeys, reportCost, startHotwashChild } from '../support/hotwash-child';
import { interleaved, until } from '../support/rounds';
import type { Row } from '../support/row';
import { p99 } from '../support/stats';

const PAGES = Number(process.env.BENCH_PAGES ?? 1_000);
const LEAD_MS = 8_000; // every timer is waiting before any falls due
const POLICY = `schedules:
  primary:
    time_zone: Europe/Berlin
    rotation:
      users: [UONCALL1, UONCALL2, UONCALL3]
      every: 1d
      handoff: 2024-01-01 09:00
severities:
  sev1:
    levels:
      - notify: [SBENCHSRE, schedule:primary]
        escalate_after: 30m
`;
const PAGE_TEXT = '^:rotating_light: \\*(Escalation, |Paging )level';

export async function pageFigures(): Promise<Row[]> {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const slack = await FakeSlackChild.start();
  for (const id of ['UONCALL1', 'UONCALL2', 'UONCALL3', 'USRE1', 'USRE2', 'UALICE']) await slack.ask({ op: 'addUser', id, name: id });
  await slack.ask({ op: 'addUserGroup', id: 'SBENCHSRE', handle: 'sre', members: ['USRE1', 'USRE2', 'UONCALL1'] });
  const policyPath = join(mkdtempSync(join(tmpdir(), 'hotwash-bench-')), 'policy.yaml');
  writeFileSync(policyPath, POLICY);
  const prefix = `hotwash-bench-pages-${process.pid}`;
  const hotwash = await startHotwashChild(slack, { ESCALATION_POLICY: policyPath, REDIS_PREFIX: prefix });
  const redis = new Redis(redisUrl);
  const store = new RedisIncidentStore(redis, prefix);
  const queue = new EscalationQueue(new Redis(redisUrl), prefix);
  const policy = parsePolicyFile(POLICY, policyPath).escalation;
  const late = { hotwash: [] as number[], floor: [] as number[] };
  let wrong = 0;
  try {
    await reportCost('Hotwash, pages figure', hotwash.child.pid!, () =>
      interleaved(
        2,
        async (round) => {
          const dueAt = Date.now() + LEAD_MS;
          const channels: string[] = [];
          for (let i = 0; i < PAGES; i += 1) {
            const name = `inc-bench-r${round}-${i}`;
            const channelId = await slack.ask<string>({ op: 'addChannel', name });
            const summaryTs = await slack.ask<string>({ op: 'post', channel: channelId, text: 'summary' });
            const declared = declareIncident({
              id: String((round + 1) * 100_000 + i),
              title: `Bench ${round} ${i}`,
              severity: 'sev1',
              declaredBy: 'UALICE',
              channelId,
              channelName: name,
              now: new Date(),
              policy,
            });
            declared.incident.summaryMessageTs = summaryTs;
            declared.incident.escalation = { ...declared.incident.escalation!, nextPageAt: new Date(dueAt) };
            await store.create(declared);
            await queue.schedule(declared.incident);
            channels.push(channelId);
          }
          if (Date.now() > dueAt) throw new Error(`seeding ${PAGES} incidents took longer than ${LEAD_MS} ms; lower BENCH_PAGES`);
          const pages = await until(
            `${PAGES} pages`,
            async () => {
              const sent = await slack.messages(PAGE_TEXT, dueAt - LEAD_MS);
              return sent.length >= PAGES && sent;
            },
            120_000,
          );
          await new Promise((r) => setTimeout(r, 1_000)); // any page sent twice arrives meanwhile
          const all = await slack.messages(PAGE_TEXT, dueAt - LEAD_MS);
          const perChannel = new Map<string, number>();
          for (const page of all) perChannel.set(page.channel, (perChannel.get(page.channel) ?? 0) + 1);
          wrong += channels.filter((c) => perChannel.get(c) !== 1).length;
          late.hotwash.push(...pages.slice(0, PAGES).map((p) => p.receivedAt - dueAt));
        },
        async (round) => {
          const dueAt = Date.now() + LEAD_MS;
          const floor = startChild('node', ['dist-bench/bench/floors/bare-bullmq.js'], {
            env: {
              PATH: process.env.PATH,
              REDIS_URL: redisUrl,
              REDIS_PREFIX: `${prefix}-floor${round}`,
              SLACK_API_URL: slack.apiUrl,
              JOBS: String(PAGES),
              DUE_AT: String(dueAt),
            },
          });
          const pages = await until(
            `${PAGES} floor pages`,
            async () => {
              const sent = await slack.messages('floor page', dueAt - LEAD_MS);
              return sent.length >= PAGES && sent;
            },
            120_000,
          );
          late.floor.push(...pages.map((p) => p.receivedAt - dueAt));
          await stopChild(floor);
          // Stopped while its worker may still be completing jobs: what it left goes with it.
          await forgetKeys(`${prefix}-floor${round}`);
        },
      ),
    );
  } finally {
    await hotwash.stop();
    await queue.close();
    await deleteKeysUnder(redis, prefix);
    redis.disconnect();
    await slack.stop();
  }
  return [
    {
      figure: `page lateness p99, ${PAGES} pages due at one instant`,
      hotwash: p99(late.hotwash),
      floor: p99(late.floor),
      unit: 'ms',
      maxRatio: 1.5,
      check: `${wrong} of ${2 * PAGES} incidents paged other than once`,
    },
  ];
}

import type { PostedMessage } from '../support/fake-slack';
import { SENTINEL_NAME, SentinelCluster } from '../support/sentinel-cluster';
import { TestApp } from '../support/test-app';

/**
 * Redis that fails over, for real: redis-server processes in sentinel mode (a primary, a
 * replica, three sentinels), the primary failed over in the middle of a burst of notes and of
 * escalation timers. Every acknowledged command survives, every due page is posted, and Hotwash
 * carries on without a restart.
 */
const POLICY = `
severities:
  sev1:
    levels:
      - notify: [ULEVEL1]
        escalate_after: 2s
      - notify: [ULEVEL2]
        escalate_after: 2s
      - notify: [ULEVEL3]
        escalate_after: 2s
`;

const isPage = (message: PostedMessage) => /^:rotating_light: \*(?:Escalation, |Paging )level/.test(message.text);
const levelOf = (message: PostedMessage) => Number(/level (\d+) of/.exec(message.text)![1]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Redis Sentinel failover', () => {
  let cluster: SentinelCluster;
  let app: TestApp;
  beforeEach(async () => {
    cluster = await SentinelCluster.start();
    app = await TestApp.start({
      redisUrl: 'redis://127.0.0.1:6379',
      redisSentinel: { sentinels: cluster.sentinels, name: SENTINEL_NAME },
      redisMinReplicasAck: 1,
      escalationPolicy: POLICY,
      recovery: { escalationSweepMs: 1_000, recoverySweepMs: 500, replayAfterMs: 2_000, outboxGraceMs: 4_000, deliveryRetryBaseMs: 200 },
    });
  }, 60_000);
  afterEach(async () => {
    await app.stop();
    await cluster.stop();
  });

  // With one replica, a primary killed for good leaves none to confirm writes: Hotwash refuses to
  // promise what it cannot keep until the old node is back (restarted, it rejoins as a replica).
  test.each([
    ['kill -9 of the primary, then its restart', (c: SentinelCluster) => c.killPrimary(), (c: SentinelCluster, old: number) => c.restartAsReplica(old), 2],
    ['SENTINEL FAILOVER', (c: SentinelCluster) => c.failover(), async () => undefined, 1],
  ] as const)(
    '%s during a burst of notes and escalation timers loses no acknowledged note and no page',
    async (_how, failOver, afterPromotion, mostPostsOfAPage) => {
      const incidents = [await app.declare('sev1 Checkout down'), await app.declare('sev1 Search down')];
      const primary = await cluster.primaryPort();

      // Notes keep coming, one every 40 ms, while the primary goes away and another takes over,
      // until Hotwash has acknowledged twenty more on the new primary.
      const acknowledged: { text: string; channel: string; at: number }[] = [];
      const refused: string[] = [];
      const sent: Promise<void>[] = [];
      let promotedAt = Infinity;
      const ackedSincePromotion = () => acknowledged.filter((n) => n.at > promotedAt).length;
      const burst = (async () => {
        for (let i = 0; ackedSincePromotion() < 20 && i < 1_000; i += 1) {
          const channel = incidents[i % 2]!;
          const text = `during failover ${i}`;
          sent.push(
            app.command(`note ${text}`, { channel }).then((result) => {
              // An empty acknowledgement is "received"; one that could not be kept says so instead.
              if (result.status === 200 && result.ack === '') acknowledged.push({ text, channel, at: Date.now() });
              else refused.push(`${result.status} ${JSON.stringify(result.ack)}`);
            }),
          );
          await sleep(40);
        }
      })();
      // The primary goes once the burst is under way: a dozen notes acknowledged.
      await app.slack.waitFor(() => acknowledged.length >= 12, 'the burst under way');
      const failingOverAt = Date.now();
      await failOver(cluster);
      const newPrimary = await cluster.waitForNewPrimary(primary);
      await afterPromotion(cluster, primary);
      promotedAt = Date.now();
      await burst;
      await Promise.all(sent);
      expect(newPrimary).not.toBe(primary);
      // Hotwash followed the failover by itself: it acknowledged notes on the new primary, no restart.
      expect(ackedSincePromotion()).toBeGreaterThanOrEqual(20);
      expect(acknowledged.filter((n) => n.at < failingOverAt).length).toBeGreaterThan(10);
      // What could not be kept while no primary answered was told so, in words, in the acknowledgement.
      for (const ack of refused) expect(ack).toMatch(/^200 .*(nothing was saved|too slow to confirm)/);

      // Every acknowledged note is on its timeline, once.
      await app.slack.waitFor(
        async () => {
          for (const channel of incidents) {
            const notes = (await app.stored(channel)).timeline.filter((e) => e.kind === 'note').map((e) => e.text);
            if (!acknowledged.filter((n) => n.channel === channel).every((n) => notes.includes(n.text))) return false;
          }
          return true;
        },
        'every acknowledged note on its timeline',
        30_000,
      );
      for (const channel of incidents) {
        const notes = (await app.stored(channel)).timeline.filter((e) => e.kind === 'note').map((e) => e.text);
        expect(new Set(notes).size).toBe(notes.length);
      }

      // Every level was paged in every incident, once (a crash may add one more, never fewer).
      await app.slack.waitFor(
        () => incidents.every((channel) => new Set(app.slack.messagesIn(channel).filter(isPage).map(levelOf)).size === 3),
        'all three levels paged in both incidents',
        30_000,
      );
      for (const channel of incidents) {
        const levels = app.slack.messagesIn(channel).filter(isPage).map(levelOf);
        for (const level of [1, 2, 3]) {
          expect(levels.filter((l) => l === level).length).toBeGreaterThanOrEqual(1);
          expect(levels.filter((l) => l === level).length).toBeLessThanOrEqual(mostPostsOfAPage);
        }
      }

      // And it carries on, no restart: a new command works against the new primary.
      let attempt = 0;
      await app.slack.waitFor(
        async () => {
          attempt += 1;
          return (await app.commandInChannel(`note after the failover ${attempt}`, incidents[0]!)) === undefined;
        },
        'a command to work',
        15_000,
      );
      expect((await app.stored(incidents[0]!)).timeline.some((e) => e.text === `after the failover ${attempt}`)).toBe(true);
    },
    120_000,
  );
});

/**
 * Acknowledgement time of `/incident` under bursts, against a bare Bolt app that only acks, and
 * the time until a note is visible in the channel, against a bare Bolt app that acks and posts.
 * Each round lets go of the whole burst at once on fresh connections, as Slack does, and waits
 * until every note is visible before the next; Hotwash and the floors take turns.
 */
import { FakeSlackChild } from '../support/children';
import { type HotwashChild, reportCost, startBareBolt, startHotwashChild } from '../support/hotwash-child';
import { interleaved, until } from '../support/rounds';
import type { Row } from '../support/row';
import { burst, slashCommand } from '../support/slack-load';
import { p99 } from '../support/stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
/**
 * Rounds run first and not counted, for Hotwash and the floors alike: a fresh process spends its
 * first rounds compiling (V8 optimises on background threads, on the same two cores), and both
 * sides' bursts shrank over their first rounds (16-round runs: Hotwash 69-80 ms in the first
 * four, 40-65 after; the floor 41-70, then 30-50). The figure is the steady state.
 */
const WARMUP_ROUNDS = Number(process.env.BENCH_WARMUP_ROUNDS ?? 2);
const NOTES = 100;
const STARTS = 50;
const user = (i: number) => `UBENCH${String(i % 100).padStart(3, '0')}`;

export async function ackFigures(): Promise<Row[]> {
  const slack = await FakeSlackChild.start();
  for (let i = 0; i < 100; i += 1) await slack.ask({ op: 'addUser', id: user(i), name: `Bench person ${i}` });
  const general = await slack.ask<string>({ op: 'addChannel', name: 'general' });
  const hotwash = await startHotwashChild(slack);
  const floor = await startBareBolt(slack, false);
  const postingFloor = await startBareBolt(slack, true);
  const responseUrl = slack.apiUrl.replace(/api\/$/, 'response/bench');
  try {
    const one = (await declare(slack, hotwash, general, ['bench one']))[0]!;
    const many = await declare(
      slack,
      hotwash,
      general,
      Array.from({ length: NOTES }, (_, i) => `bench many ${i}`),
    );

    const noteBurst = (port: number, channels: (i: number) => string, tag: string) => {
      const sentAt: number[] = [];
      const acks = burst(
        NOTES,
        (i) => {
          sentAt[i] = Date.now();
          return slashCommand(port, { text: `note ${tag}x${i} all good`, user: user(i), channel: channels(i), responseUrl });
        },
        port,
      );
      return { sentAt, acks };
    };
    /** When each note of the burst reached the channel, minus when it was sent; waits for all. */
    const visible = async (tag: string, sentAt: number[], since: number) => {
      const seen = await until(`${NOTES} notes tagged ${tag}`, async () => {
        const first = new Map<number, number>();
        for (const m of await slack.messages(`${tag}x\\d+ `, since)) {
          const i = Number(new RegExp(`${tag}x(\\d+) `).exec(m.text)![1]);
          if (!first.has(i)) first.set(i, m.receivedAt);
        }
        return first.size === NOTES && first;
      });
      return [...seen].map(([i, at]) => at - sentAt[i]!);
    };

    const results = { oneAck: [] as number[], oneFloor: [] as number[], manyAck: [] as number[], manyFloor: [] as number[] };
    const shown = { hotwash: [] as number[], floor: [] as number[] };
    const counted = (round: number) => round >= WARMUP_ROUNDS;
    await reportCost('Hotwash, notes', hotwash.child.pid!, () =>
      interleaved(
        WARMUP_ROUNDS + ROUNDS,
        async (round) => {
          await noteBurst(hotwash.port, () => one, `hw${round}warm`).acks; // warm-up, not counted
          await settled(slack);
          const since = Date.now();
          const tag = `hw${round}one`;
          const { sentAt, acks } = noteBurst(hotwash.port, () => one, tag);
          const oneAcks = await acks;
          const oneShown = await visible(tag, sentAt, since);
          if (counted(round)) {
            results.oneAck.push(...oneAcks);
            shown.hotwash.push(...oneShown);
          }
          await settled(slack); // each burst starts with Hotwash idle, as the floor's do
          const manyTag = `hw${round}many`;
          const spread = noteBurst(hotwash.port, (i) => many[i]!, manyTag);
          const manyAcks = await spread.acks;
          if (counted(round)) results.manyAck.push(...manyAcks);
          await visible(manyTag, spread.sentAt, since);
          await settled(slack); // the floor's round starts with Hotwash idle
        },
        async (round) => {
          await noteBurst(floor.port, () => one, `fl${round}warm`).acks; // warm-up, not counted
          await noteBurst(postingFloor.port, () => one, `fp${round}warm`).acks;
          await settled(slack);
          const since = Date.now();
          const oneAcks = await noteBurst(floor.port, () => one, `fl${round}one`).acks;
          await settled(slack); // each burst starts from idle, as Hotwash's do
          const manyAcks = await noteBurst(floor.port, (i) => many[i]!, `fl${round}many`).acks;
          const tag = `fp${round}one`;
          const posting = noteBurst(postingFloor.port, () => one, tag);
          await posting.acks;
          const shownFloor = await visible(tag, posting.sentAt, since);
          if (counted(round)) {
            results.oneFloor.push(...oneAcks);
            results.manyFloor.push(...manyAcks);
            shown.floor.push(...shownFloor);
          }
        },
      ),
    );

    const starts = { hotwash: [] as number[], floor: [] as number[] };
    // One round first, not counted: the notes warmed the ack path, not the start's.
    const startWarmupRounds = Math.min(1, WARMUP_ROUNDS);
    const countedStart = (round: number) => round >= startWarmupRounds;
    await interleaved(
      startWarmupRounds + Math.max(2, Math.floor(ROUNDS / 2)),
      async (round) => {
        const titles = Array.from({ length: STARTS }, (_, i) => `bench s${round} ${i}`);
        const acks = await burst(STARTS, (i) => slashCommand(hotwash.port, { text: `start ${titles[i]}`, user: user(i), channel: general, responseUrl }));
        if (countedStart(round)) starts.hotwash.push(...acks);
        await until(
          `${STARTS} incident channels`,
          async () => (await slack.ask<unknown[]>({ op: 'channelsMatching', pattern: `bench-s${round}-` })).length >= STARTS,
        );
        await settled(slack);
      },
      async (round) => {
        // From idle, as Hotwash's bursts start: otherwise every other round would find the floor
        // still warm from its burst just before (the rounds alternate who goes first).
        await settled(slack);
        const acks = await burst(STARTS, (i) => slashCommand(floor.port, { text: `start floor ${i}`, user: user(i), channel: general, responseUrl }));
        if (countedStart(round)) starts.floor.push(...acks);
      },
    );

    const lost = await lostNotes(slack, WARMUP_ROUNDS + ROUNDS);
    return [
      { figure: `ack p99, ${NOTES} concurrent notes into one incident`, hotwash: p99(results.oneAck), floor: p99(results.oneFloor), unit: 'ms', maxRatio: 1.3 },
      {
        figure: `ack p99, ${NOTES} concurrent notes into ${NOTES} incidents`,
        hotwash: p99(results.manyAck),
        floor: p99(results.manyFloor),
        unit: 'ms',
        maxRatio: 1.3,
      },
      { figure: `ack p99, ${STARTS} concurrent starts`, hotwash: p99(starts.hotwash), floor: p99(starts.floor), unit: 'ms', maxRatio: 1.3 },
      {
        figure: `note visible in the channel p99, ${NOTES} concurrent into one incident`,
        hotwash: p99(shown.hotwash),
        floor: p99(shown.floor),
        unit: 'ms',
        maxValue: 300,
        check: `${lost} notes lost of ${(WARMUP_ROUNDS + ROUNDS) * NOTES * 2}`,
      },
    ];
  } finally {
    await Promise.all([hotwash.stop(), floor.stop(), postingFloor.stop()]);
    await slack.stop();
  }
}

/** Declares one incident per title, ten at a time, and returns their channels in order. */
async function declare(slack: FakeSlackChild, hotwash: HotwashChild, general: string, titles: string[]): Promise<string[]> {
  const responseUrl = slack.apiUrl.replace(/api\/$/, 'response/declare');
  const channels: string[] = [];
  for (let i = 0; i < titles.length; i += 10) {
    const batch = titles.slice(i, i + 10);
    await burst(batch.length, (j) => slashCommand(hotwash.port, { text: `start ${batch[j]}`, user: user(i + j), channel: general, responseUrl }));
  }
  for (const title of titles) {
    const slug = title.replace(/ /g, '-');
    const found = await until(
      `the channel of "${title}"`,
      async () => (await slack.ask<{ id: string; name: string }[]>({ op: 'channelsMatching', pattern: `-${slug}$` }))[0],
    );
    channels.push(found.id);
  }
  await settled(slack);
  return channels;
}

/** Waits until Hotwash has made no Slack call for half a second. */
async function settled(slack: FakeSlackChild): Promise<void> {
  let last = -1;
  await until('Hotwash to go quiet', async () => {
    await new Promise((r) => setTimeout(r, Number(process.env.BENCH_QUIET_MS ?? 500)));
    const now = await slack.ask<number>({ op: 'callCount', method: '*' });
    const quiet = now === last;
    last = now;
    return quiet;
  });
}

/** Notes sent to Hotwash that never reached their channel (each counted once). */
async function lostNotes(slack: FakeSlackChild, rounds: number): Promise<number> {
  let lost = 0;
  for (let round = 0; round < rounds; round += 1) {
    for (const kind of ['one', 'many']) {
      const seen = new Set((await slack.messages(`hw${round}${kind}x\\d+ `)).map((m) => /x(\d+) /.exec(m.text)![1]));
      lost += NOTES - seen.size;
    }
  }
  return lost;
}

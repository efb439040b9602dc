/**
 * Acknowledgement time of `/incident` under bursts, against a bare Bolt app that only acks, and
 * the time until a note is visible in the channel, against a bare Bolt app that acks and posts.
 * Each burst lets go of all its requests at once on fresh connections, as Slack does. Hotwash's
 * bursts and the floors' go side by side (support/rounds.ts), each from idle, and Hotwash's next
 * waits until every note of its last is visible. The floor runs in two processes; what the bench
 * reads between the two is its resolution in the run.
 */
import { FakeSlackChild } from '../support/children';
import { machineQuiet } from '../support/machine-quiet';
import { type HotwashChild, reportCost, startBareBolt, startHotwashChild } from '../support/hotwash-child';
import { sideBySide, until } from '../support/rounds';
import type { Row } from '../support/row';
import { burst, slashCommand } from '../support/slack-load';
import { p99, spread } from '../support/stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
/**
 * Rounds run first and not counted, for Hotwash and the floors alike, after the warm-up bursts:
 * a fresh process spends its first rounds compiling (V8 optimises on background threads, on the
 * same two cores). The figure is the steady state.
 */
const WARMUP_ROUNDS = Number(process.env.BENCH_WARMUP_ROUNDS ?? 2);
/**
 * Bursts of notes every program answers before the rounds, uncounted: a bare Bolt app's bursts
 * kept shrinking until about its twentieth (from 115 to 17-24 ms on Intel), as V8 moved its hot
 * functions up its tiers, and a production bot meets an incident warm.
 */
const WARMUP_BURSTS = Number(process.env.BENCH_WARMUP_BURSTS ?? 20);
/**
 * Counted rounds of starts. A figure's p99 is its slowest burst or two (a burst's answers leave
 * together), so with few rounds it is the maximum of a handful of bursts, and the host's noise
 * decides it: one bare Bolt app against another read 0.55-1.43x over four rounds of fifty
 * starts, 0.82-1.15x over sixteen (docs/benchmarks.md).
 */
const START_ROUNDS = Number(process.env.BENCH_START_ROUNDS ?? 16);
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
  // The same program as `floor`, in a process of its own: the floor is both (againstBareBolt).
  const twinFloor = await startBareBolt(slack, false);
  const responseUrl = slack.apiUrl.replace(/api\/$/, 'response/bench');
  try {
    const oneChannel = (await declare(slack, hotwash, general, ['bench one']))[0]!;
    const manyChannels = await declare(
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
      const times = [...seen].map(([i, at]) => at - sentAt[i]!);
      if (process.env.BENCH_VERBOSE) console.error(`visible ${tag}: ${spread(times)}`);
      return times;
    };

    for (let i = 0; i < WARMUP_BURSTS; i += 1) {
      for (const { port } of [hotwash, floor, twinFloor, postingFloor]) await noteBurst(port, (n) => manyChannels[n]!, `wu${i}p${port}`).acks;
    }
    await settled(slack);

    const results = {
      oneAck: [] as number[],
      oneFloor: [] as number[],
      oneTwin: [] as number[],
      manyAck: [] as number[],
      manyFloor: [] as number[],
      manyTwin: [] as number[],
    };
    const shown = { hotwash: [] as number[], floor: [] as number[] };
    const settle = () => settled(slack);
    /** Hotwash's burst of notes, and when each was visible. */
    const hotwashNotes = async (channels: (i: number) => string, tag: string, since: number) => {
      const { sentAt, acks } = noteBurst(hotwash.port, channels, tag);
      const answered = await acks;
      return { acks: answered, shown: await visible(tag, sentAt, since) };
    };
    await reportCost('Hotwash, notes', hotwash.child.pid!, async () => {
      for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round += 1) {
        const since = Date.now();
        const group = (channels: (i: number) => string, kind: string) =>
          sideBySide(round, settle, [
            async () => ({ acks: await noteBurst(floor.port, channels, `fl${round}${kind}`).acks, shown: [] }),
            async () => ({ acks: await noteBurst(twinFloor.port, channels, `tw${round}${kind}`).acks, shown: [] }),
            () => hotwashNotes(channels, `hw${round}${kind}`, since),
          ]);
        const [floorOne, twinOne, hotwashOne] = await group(() => oneChannel, 'one');
        const [floorMany, twinMany, hotwashMany] = await group((i) => manyChannels[i]!, 'many');
        // The floor of visibility: acknowledges, then posts the note once.
        await settle();
        const tag = `fp${round}one`;
        const posting = noteBurst(postingFloor.port, () => oneChannel, tag);
        await posting.acks;
        const shownFloor = await visible(tag, posting.sentAt, since);
        if (round >= WARMUP_ROUNDS) {
          results.oneAck.push(...hotwashOne!.acks);
          results.oneFloor.push(...floorOne!.acks);
          results.oneTwin.push(...twinOne!.acks);
          results.manyAck.push(...hotwashMany!.acks);
          results.manyFloor.push(...floorMany!.acks);
          results.manyTwin.push(...twinMany!.acks);
          shown.hotwash.push(...hotwashOne!.shown);
          shown.floor.push(...shownFloor);
        }
      }
    });

    const starts = { hotwash: [] as number[], floor: [] as number[], twin: [] as number[] };
    // One round first, not counted: the notes warmed the ack path, not the start's.
    const startWarmupRounds = Math.min(1, WARMUP_ROUNDS);
    const floorStarts = (port: number) => () =>
      burst(STARTS, (i) => slashCommand(port, { text: `start floor ${i}`, user: user(i), channel: general, responseUrl }));
    for (let round = 0; round < startWarmupRounds + START_ROUNDS; round += 1) {
      const [floorAcks, twinAcks, hotwashAcks] = await sideBySide(round, settle, [
        floorStarts(floor.port),
        floorStarts(twinFloor.port),
        async () => {
          const acks = await burst(STARTS, (i) =>
            slashCommand(hotwash.port, { text: `start bench s${round} ${i}`, user: user(i), channel: general, responseUrl }),
          );
          await until(
            `${STARTS} incident channels`,
            async () => (await slack.ask<unknown[]>({ op: 'channelsMatching', pattern: `bench-s${round}-` })).length >= STARTS,
          );
          return acks;
        },
      ]);
      if (round >= startWarmupRounds) {
        starts.hotwash.push(...hotwashAcks!);
        starts.floor.push(...floorAcks!);
        starts.twin.push(...twinAcks!);
      }
    }

    const lost = await lostNotes(slack, WARMUP_ROUNDS + ROUNDS);
    return [
      ...againstBareBolt(`${NOTES} concurrent notes into one incident`, results.oneAck, results.oneFloor, results.oneTwin),
      ...againstBareBolt(`${NOTES} concurrent notes into ${NOTES} incidents`, results.manyAck, results.manyFloor, results.manyTwin),
      ...againstBareBolt(`${STARTS} concurrent starts`, starts.hotwash, starts.floor, starts.twin),
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
    await Promise.all([hotwash.stop(), floor.stop(), postingFloor.stop(), twinFloor.stop()]);
    await slack.stop();
  }
}

/**
 * Hotwash's ack p99 against the floor's, and the bench's resolution beside it. The floor is two
 * processes of the same bare Bolt app, and its figure the mean of their two p99s: one process
 * alone is one draw of V8's luck (two of them differed by a quarter in CPU per burst over forty
 * rounds), and the second row says how far apart the two were in this run.
 */
function againstBareBolt(what: string, hotwash: number[], floor: number[], twin: number[]): Row[] {
  return [
    { figure: `ack p99, ${what}`, hotwash: p99(hotwash), floor: (p99(floor) + p99(twin)) / 2, unit: 'ms', maxRatio: 1.3 },
    {
      figure: `bench resolution: ${what}, one floor process against the other`,
      hotwash: p99(twin),
      floor: p99(floor),
      unit: 'ms',
      maxRatio: 1.3,
      check: 'the same program on both sides',
      resolution: true,
    },
  ];
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

/**
 * Waits until Hotwash has made no Slack call for half a second, and then until the whole machine
 * is quiet for a fifth of one: work that calls no Slack API (Redis bookkeeping, a collection
 * between bursts, another program's tail) is done too, so each burst starts from idle.
 */
async function settled(slack: FakeSlackChild): Promise<void> {
  await slackQuiet(slack);
  await machineQuiet(0.15, 5_000, 200);
}

/** Waits until Hotwash has made no Slack call for half a second. */
async function slackQuiet(slack: FakeSlackChild): Promise<void> {
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

/**
 * `npm run bench:sweep`: the longest stalls of the event loop while the escalation sweep (once a
 * minute) re-schedules every open incident. Declares OPEN_INCIDENTS (1,000) in the built process,
 * fifty at a time as `/incident start`, then leaves it idle through two sweeps and prints the
 * stalls over 15 ms that came after the declarations, and those in the work after each burst of
 * starts (a stall while a burst is being answered holds up only that burst's answers, which the
 * ack figures time). Takes about two and a half minutes.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeSlackChild } from './support/children';
import { startHotwashChild } from './support/hotwash-child';
import { until } from './support/rounds';
import { burst, slashCommand } from './support/slack-load';

const OPEN_INCIDENTS = Number(process.env.OPEN_INCIDENTS ?? 1_000);
const SWEEP_EVERY_MS = 60_000;
const user = (i: number) => `USWEEP${String(i % 50).padStart(2, '0')}`;

async function main(): Promise<void> {
  const slack = await FakeSlackChild.start();
  for (let i = 0; i < 50; i += 1) await slack.ask({ op: 'addUser', id: user(i), name: `Sweep person ${i}` });
  const general = await slack.ask<string>({ op: 'addChannel', name: 'general' });
  const stallsFile = join(tmpdir(), `hotwash-loop-stalls-${process.pid}.json`);
  process.env.BENCH_HOTWASH_NODE_ARGS = `--require ${join(__dirname, 'programs', 'loop-stalls.js')} ${process.env.BENCH_HOTWASH_NODE_ARGS ?? ''}`;
  const hotwash = await startHotwashChild(slack, { LOOP_STALLS_FILE: stallsFile });
  const startedAt = Date.now();
  const responseUrl = slack.apiUrl.replace(/api\/$/, 'response/sweep');
  // When each burst was being answered (epoch ms): a stall then holds up the burst's own answers.
  const answering: [number, number][] = [];
  for (let round = 0; round < OPEN_INCIDENTS / 50; round += 1) {
    const sent = Date.now();
    await burst(50, (i) => slashCommand(hotwash.port, { text: `start sweep r${round} ${i}`, user: user(i), channel: general, responseUrl }));
    answering.push([sent, Date.now()]);
    await until(
      `50 channels of round ${round}`,
      async () => (await slack.ask<unknown[]>({ op: 'channelsMatching', pattern: `sweep-r${round}-` })).length >= 50,
    );
  }
  const declaredMs = Date.now() - startedAt;
  // Past the second sweep after the declarations (the first runs at start-up).
  await new Promise((resolve) => setTimeout(resolve, 2 * SWEEP_EVERY_MS + 5_000 - declaredMs));
  await hotwash.stop();
  await slack.stop();
  const recorded = JSON.parse(readFileSync(stallsFile, 'utf8')) as [number, number][];
  // A stall ends at `at`: one that began before a burst's last answer held up that burst; the rest held up only the work after it.
  const declaring = recorded.filter(
    ([at, ms]) => at >= startedAt && at <= startedAt + declaredMs && !answering.some(([from, to]) => at > from && at - ms < to),
  );
  const after = recorded.filter(([at]) => at > startedAt + declaredMs + 5_000);
  const listed = (stalls: [number, number][]) => stalls.map(([at, ms]) => `${ms} ms at ${((at - startedAt) / 1000).toFixed(1)} s`).join(', ');
  console.log(`${OPEN_INCIDENTS} open incidents, declared in ${(declaredMs / 1000).toFixed(1)} s`);
  const longest = declaring.reduce((max, [, ms]) => Math.max(max, ms), 0);
  console.log(
    declaring.length === 0
      ? 'no stall of the event loop over 15 ms in the work after the bursts of starts'
      : `in the work after the bursts of starts: ${declaring.length} stalls over 15 ms, the longest ${longest} ms (${listed(declaring)})`,
  );
  console.log(
    after.length === 0 ? 'no stall of the event loop over 15 ms after the declarations' : `stalls over 15 ms after the declarations: ${listed(after)}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});

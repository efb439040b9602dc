/**
 * `npm run bench:sweep`: the longest stalls of the event loop while the escalation sweep (once a
 * minute) re-schedules every open incident. Declares OPEN_INCIDENTS (1,000) in the built process,
 * fifty at a time as `/incident start`, then leaves it idle through two sweeps and prints the
 * stalls over 15 ms that came after the declarations. Takes about two and a half minutes.
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
  for (let round = 0; round < OPEN_INCIDENTS / 50; round += 1) {
    await burst(50, (i) => slashCommand(hotwash.port, { text: `start sweep r${round} ${i}`, user: user(i), channel: general, responseUrl }));
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
  // The process's clock started before ours (by its start-up), so this cut errs towards later.
  const stalls = (JSON.parse(readFileSync(stallsFile, 'utf8')) as [number, number][]).filter(([at]) => at > declaredMs + 5_000);
  console.log(`${OPEN_INCIDENTS} open incidents, declared in ${(declaredMs / 1000).toFixed(1)} s`);
  console.log(
    stalls.length === 0
      ? 'no stall of the event loop over 15 ms after the declarations'
      : `stalls over 15 ms after the declarations: ${stalls.map(([at, ms]) => `${ms} ms at ${(at / 1000).toFixed(1)} s`).join(', ')}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});

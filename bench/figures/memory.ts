/**
 * Resident memory: idle after start, and how long after 1,000 incidents have been declared and
 * closed Hotwash is back under 150 MB. The floor is the bare Bolt app's idle RSS.
 */
import { FakeSlackChild } from '../support/children';
import { rssMbOf, startBareBolt, startHotwashChild } from '../support/hotwash-child';
import { until } from '../support/rounds';
import type { Row } from '../support/row';
import { burst, slashCommand } from '../support/slack-load';

const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 1_000);
const LIMIT_MB = 150;

export async function memoryFigures(): Promise<Row[]> {
  const slack = await FakeSlackChild.start();
  const hotwash = await startHotwashChild(slack);
  const floor = await startBareBolt(slack, false);
  const settle = () => new Promise((r) => setTimeout(r, 3_000));
  try {
    await settle();
    const idle = hotwash.rssMb();
    const floorIdle = rssMbOf(floor.child.pid!);
    const general = await slack.ask<string>({ op: 'addChannel', name: 'general' });
    const responseUrl = slack.apiUrl.replace(/api\/$/, 'response/bench');
    let peak = idle;
    for (let i = 0; i < INCIDENTS; i += 25) {
      await burst(25, (j) => slashCommand(hotwash.port, { text: `start memory ${i + j}`, user: 'UBENCH', channel: general, responseUrl }));
      peak = Math.max(peak, hotwash.rssMb());
    }
    const channels = await until(`${INCIDENTS} incident channels`, async () => {
      const found = await slack.ask<{ id: string }[]>({ op: 'channelsMatching', pattern: '-memory-\\d+$' });
      return found.length >= INCIDENTS && found;
    });
    for (let i = 0; i < channels.length; i += 25) {
      await burst(25, (j) => slashCommand(hotwash.port, { text: 'close', user: 'UBENCH', channel: channels[i + j]!.id, responseUrl }));
      peak = Math.max(peak, hotwash.rssMb());
    }
    await until(
      'every postmortem shared',
      async () => (await slack.ask<number>({ op: 'callCount', method: 'files.completeUploadExternal' })) >= INCIDENTS,
      300_000,
    );
    const closedAt = performance.now();
    peak = Math.max(peak, hotwash.rssMb());
    let back = Number.NaN;
    while (performance.now() - closedAt < 30_000) {
      if (process.env.BENCH_VERBOSE)
        console.error(`${((performance.now() - closedAt) / 1000).toFixed(2)} s after the last close: ${hotwash.rssMb().toFixed(0)} MB`);
      if (hotwash.rssMb() <= LIMIT_MB) {
        back = (performance.now() - closedAt) / 1000;
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    return [
      { figure: 'idle RSS', hotwash: idle, floor: floorIdle, unit: 'MB', maxValue: LIMIT_MB },
      {
        figure: `back under ${LIMIT_MB} MB after ${INCIDENTS} incidents declared and closed`,
        hotwash: Number.isNaN(back) ? Number.POSITIVE_INFINITY : back,
        unit: 's',
        maxValue: 10,
        check: `peak ${peak.toFixed(0)} MB`,
      },
    ];
  } finally {
    await Promise.all([hotwash.stop(), floor.stop()]);
    await slack.stop();
  }
}

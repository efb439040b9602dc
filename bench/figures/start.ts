/**
 * `npm start` to a healthy /healthz when nothing changed since the last build, against
 * `node dist/main.js` itself: interleaved, three rounds each, medians compared.
 */
import { FakeSlackChild, freePort, startChild, stopChild, untilHealthy } from '../support/children';
import { forgetKeys, hotwashEnv } from '../support/hotwash-child';
import { interleaved } from '../support/rounds';
import type { Row } from '../support/row';
import { median } from '../support/stats';

export async function startFigures(): Promise<Row[]> {
  const slack = await FakeSlackChild.start();
  const times = { npm: [] as number[], node: [] as number[] };
  const timeStart = async (command: string, args: string[], into: number[]) => {
    const port = await freePort();
    const startedAt = performance.now();
    const prefix = `hotwash-bench-start-${port}`;
    const child = startChild(command, args, { env: hotwashEnv(slack, port, prefix) });
    into.push(await untilHealthy(`http://127.0.0.1:${port}/healthz`, startedAt));
    await stopChild(child);
    await forgetKeys(prefix);
  };
  try {
    await timeStart('npm', ['start'], []); // the first may build; the figure is for nothing changed
    await interleaved(
      3,
      () => timeStart('npm', ['start'], times.npm),
      () => timeStart('node', ['dist/main.js'], times.node),
    );
  } finally {
    await slack.stop();
  }
  return [{ figure: '`npm start` to healthy, nothing changed', hotwash: median(times.npm), floor: median(times.node), unit: 'ms', maxRatio: 2 }];
}

/**
 * A 10,000-entry postmortem: how long compiling it takes (in a process of its own, median of 30
 * after 5 warm-ups: programs/compile-postmortem.ts), how long decoding its stored timeline takes
 * before that (a reading: the worker does it, off the thread that answers Slack), and how much it delays other people's commands while Hotwash compiles and shares it:
 * `/incident help` every 10 ms during `/incident postmortem`, against the same commands with
 * nothing else running, in the same Hotwash process.
 */
import { Redis } from 'ioredis';
import { z } from 'zod';
import { RedisIncidentStore } from '../../src/store/redis-incident-store';
import { FakeSlackChild, startChild } from '../support/children';
import { startHotwashChild } from '../support/hotwash-child';
import { longIncident } from '../../test/support/long-incident';
import { machineQuiet } from '../support/machine-quiet';
import { until } from '../support/rounds';
import type { Row } from '../support/row';
import { slashCommand } from '../support/slack-load';
import { median, p99 } from '../support/stats';

const ENTRIES = 10_000;

export async function postmortemFigures(): Promise<Row[]> {
  const compile = await compileTimes();
  await machineQuiet();
  return [...compile, await stallDuringPostmortem()];
}

async function compileTimes(): Promise<Row[]> {
  const child = startChild('node', ['dist-bench/bench/programs/compile-postmortem.js'], { env: { PATH: process.env.PATH, ENTRIES: String(ENTRIES) } });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`compiling the postmortem exited ${code}`);
  const times = z.object({ decode: z.array(z.number()), compile: z.array(z.number()) }).parse(JSON.parse(out));
  return [
    { figure: `postmortem compile median, ${ENTRIES} entries`, hotwash: median(times.compile), unit: 'ms', maxValue: 50 },
    { figure: `decoding its ${ENTRIES} stored entries first, median (the worker's)`, hotwash: median(times.decode), unit: 'ms' },
  ];
}

async function stallDuringPostmortem(): Promise<Row> {
  const slack = await FakeSlackChild.start();
  const prefix = `hotwash-bench-pm-${process.pid}`;
  const hotwash = await startHotwashChild(slack, { REDIS_PREFIX: prefix, INCIDENT_TIMEZONE: 'Europe/Berlin' });
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    const general = await slack.ask<string>({ op: 'addChannel', name: 'general' });
    const channel = await slack.ask<string>({ op: 'addChannel', name: 'inc-bench-long' });
    await new RedisIncidentStore(redis, prefix).create(longIncident(ENTRIES, '1', channel));
    const responseUrl = slack.apiUrl.replace(/api\/$/, 'response/bench');
    const helps = async (during?: Promise<unknown>) => {
      const acks: Promise<{ ms: number }>[] = [];
      for (let i = 0; i < 100; i += 1) {
        acks.push(slashCommand(hotwash.port, { text: 'help', user: 'UBENCH', channel: general, responseUrl }));
        await new Promise((r) => setTimeout(r, 10));
      }
      await during;
      return (await Promise.all(acks)).map((a) => a.ms);
    };
    const quiet: number[] = [];
    const busy: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      quiet.push(...(await helps()));
      const shared = await slack.ask<number>({ op: 'callCount', method: 'files.completeUploadExternal' });
      const postmortem = slashCommand(hotwash.port, { text: 'postmortem', user: 'UBENCH', channel, responseUrl }).then(() =>
        until('the postmortem shared', async () => (await slack.ask<number>({ op: 'callCount', method: 'files.completeUploadExternal' })) > shared),
      );
      busy.push(...(await helps(postmortem)));
    }
    return {
      figure: `ack p99 of other commands during a ${ENTRIES}-entry postmortem`,
      hotwash: p99(busy),
      floor: p99(quiet),
      unit: 'ms',
      maxExcess: 50,
    };
  } finally {
    await hotwash.stop();
    await slack.stop();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
}

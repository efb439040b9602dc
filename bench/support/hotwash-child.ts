import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { deleteKeysUnder } from '../../test/support/redis';
import { type FakeSlackChild, freePort, startChild, stopChild, untilHealthy } from './children';
import { BENCH_SIGNING_SECRET } from './slack-load';

export interface HotwashChild {
  port: number;
  child: ChildProcess;
  prefix: string;
  /** The resident set of the Hotwash process, in MB (from /proc). */
  rssMb(): number;
  stop(): Promise<void>;
}

/** The environment `node dist/main.js` is started with in the bench. */
export function hotwashEnv(slack: FakeSlackChild, port: number, prefix: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: prefix,
    PORT: String(port),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
    ...extra,
  };
}

/** Deletes what a stopped Hotwash stored under `prefix`: a bench run leaves nothing behind in Redis. */
export async function forgetKeys(prefix: string): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    await deleteKeysUnder(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

/** The built Hotwash, as a deployment runs it (`node dist/main.js`), against the fake Slack. */
export async function startHotwashChild(slack: FakeSlackChild, extra: Record<string, string> = {}): Promise<HotwashChild> {
  const port = await freePort();
  const prefix = extra.REDIS_PREFIX ?? `hotwash-bench-${process.pid}-${port}`;
  // For profiling the measured process: BENCH_HOTWASH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'.
  const nodeArgs = process.env.BENCH_HOTWASH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = startChild('node', [...nodeArgs, 'dist/main.js'], { env: hotwashEnv(slack, port, prefix, extra) });
  await untilHealthy(`http://127.0.0.1:${port}/healthz`, performance.now());
  return {
    port,
    child,
    prefix,
    rssMb: () => rssMbOf(child.pid!),
    stop: async () => {
      await stopChild(child);
      await forgetKeys(prefix);
    },
  };
}

/**
 * CPU seconds a process has used (user and system), and the write calls it has made: with
 * BENCH_VERBOSE, each figure prints what it cost the measured process, a steadier comparison
 * between two designs than latency on a shared machine.
 */
export function costOf(pid: number): { cpuSeconds: number; writeCalls: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
  const writeCalls = Number(/syscw: (\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? Number.NaN);
  return { cpuSeconds: ticks / 100, writeCalls };
}

/** Prints, with BENCH_VERBOSE, what `work` cost the process `pid`. */
export async function reportCost<T>(label: string, pid: number, work: () => Promise<T>): Promise<T> {
  if (!process.env.BENCH_VERBOSE) return work();
  const before = costOf(pid);
  const result = await work();
  const after = costOf(pid);
  console.error(`${label}: ${(after.cpuSeconds - before.cpuSeconds).toFixed(2)} s of CPU, ${after.writeCalls - before.writeCalls} write calls`);
  return result;
}

export function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

/** A bare Bolt floor (see floors/bare-bolt.ts), listening. */
export async function startBareBolt(slack: FakeSlackChild, post: boolean): Promise<{ port: number; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  // For profiling the floor beside Hotwash: BENCH_FLOOR_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/floor-prof'.
  const nodeArgs = process.env.BENCH_FLOOR_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = startChild('node', [...nodeArgs, 'dist-bench/bench/floors/bare-bolt.js'], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      PORT: String(port),
      SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      FLOOR_POST: post ? '1' : '0',
    },
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('listening') && resolve());
    child.once('exit', (code) => reject(new Error(`the bare Bolt floor exited ${code}`)));
  });
  return { port, child, stop: () => stopChild(child) };
}

/**
 * Compiles a 10,000-entry postmortem as Hotwash's postmortem worker would: in a worker thread with
 * the worker's resource limits (POSTMORTEM_WORKER_LIMITS), 5 warm-ups, then 30 timed compiles.
 * Prints the times (ms) as JSON. Run by figures/postmortem.ts in a process of its own, so that
 * what the bench itself keeps in memory does not weigh on the figure.
 */
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { compilePostmortem } from '../../src/domain/postmortem/compile-postmortem';
import { POSTMORTEM_WORKER_LIMITS } from '../../src/postmortem-compiler/worker-postmortem-compiler';
import { longIncident } from '../../test/support/long-incident';

function timedCompiles(): number[] {
  const entries = Number(process.env.ENTRIES ?? 10_000);
  const { incident, entries: timeline } = longIncident(entries);
  const names = new Map(Array.from({ length: 25 }, (_, i) => [`U${String(i).padStart(8, '0')}`, `Person ${i}`]));
  const input = { incident, entries: timeline, timeZone: 'Europe/Berlin', nameOf: (id: string) => names.get(id) };
  for (let i = 0; i < 5; i += 1) compilePostmortem(input);
  const times: number[] = [];
  for (let i = 0; i < 30; i += 1) {
    const started = performance.now();
    compilePostmortem(input);
    times.push(performance.now() - started);
  }
  return times;
}

if (isMainThread) {
  const worker = new Worker(__filename, { resourceLimits: POSTMORTEM_WORKER_LIMITS });
  worker.once('message', (times: number[]) => process.stdout.write(JSON.stringify(times)));
  worker.once('error', (error) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  parentPort!.postMessage(timedCompiles());
}

/**
 * Compiles a 10,000-entry postmortem as Hotwash's postmortem worker does: in a worker thread with
 * the worker's resource limits (POSTMORTEM_WORKER_LIMITS), from the timeline as the store keeps
 * it. Before each compile the stored records are decoded afresh, as the worker decodes them for
 * each draft, so the compile meets entries, strings and garbage laid out as a real draft's are
 * (entries built in memory by the test helper are scattered among the incidents it threw away,
 * their texts unflattened: that compiled 30-50% slower than decoded ones). 5 warm-ups, then 30
 * timed. Prints the times (ms) of both steps as JSON. Run by figures/postmortem.ts in a process
 * of its own, so that what the bench itself keeps in memory does not weigh on the figure.
 */
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { compilePostmortem } from '../../src/domain/postmortem/compile-postmortem';
import { POSTMORTEM_WORKER_LIMITS } from '../../src/postmortem-compiler/worker-postmortem-compiler';
import { decodeTimelineInTurns, encodeTimelineRecord, TIMELINE_RECORD_SEPARATOR } from '../../src/store/redis-incident-store';
import { longIncident } from '../../test/support/long-incident';

export interface CompileTimes {
  decode: number[];
  compile: number[];
}

async function timedCompiles(): Promise<CompileTimes> {
  const { incident, entries } = longIncident(Number(process.env.ENTRIES ?? 10_000));
  const records = entries.map(encodeTimelineRecord).join(TIMELINE_RECORD_SEPARATOR);
  const names = new Map(Array.from({ length: 25 }, (_, i) => [`U${String(i).padStart(8, '0')}`, `Person ${i}`]));
  const times: CompileTimes = { decode: [], compile: [] };
  for (let i = 0; i < 35; i += 1) {
    const decodeStarted = performance.now();
    const decoded = await decodeTimelineInTurns(records, incident.id);
    const compileStarted = performance.now();
    compilePostmortem({ incident, entries: decoded, timeZone: 'Europe/Berlin', nameOf: (id: string) => names.get(id) });
    const done = performance.now();
    if (i < 5) continue;
    times.decode.push(compileStarted - decodeStarted);
    times.compile.push(done - compileStarted);
  }
  return times;
}

if (isMainThread) {
  const worker = new Worker(__filename, { resourceLimits: POSTMORTEM_WORKER_LIMITS });
  worker.once('message', (times: CompileTimes) => process.stdout.write(JSON.stringify(times)));
  worker.once('error', (error) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  void timedCompiles().then((times) => parentPort!.postMessage(times));
}

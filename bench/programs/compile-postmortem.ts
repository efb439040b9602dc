/**
 * Compiles a 10,000-entry postmortem in a process of its own, as Hotwash's would: 5 warm-ups,
 * then 30 timed compiles. Prints the times (ms) as JSON. Run by figures/postmortem.ts, so that
 * what the bench itself keeps in memory does not weigh on the figure.
 */
import { compilePostmortem } from '../../src/domain/postmortem/compile-postmortem';
import { longIncident } from '../../test/support/long-incident';

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
process.stdout.write(JSON.stringify(times));

/**
 * How long compiling a postmortem takes for a very long incident: 10,000 timeline entries,
 * by 25 people, with fixes, tasks and multi-line notes. Run with `npm run bench:postmortem`.
 * Prints the median and p95 compile time over 30 runs (after 5 warm-up runs), the heap the
 * compile allocates, and the size of the document.
 */
import { applyChange, declareIncident, type Incident, type IncidentChange } from '../src/domain/incident';
import { compilePostmortem } from '../src/domain/postmortem/compile-postmortem';
import type { TimelineEntry } from '../src/domain/timeline-entry';

const ENTRIES = 10_000;
const WARMUP = 5;
const RUNS = 30;

function buildIncident(): { incident: Incident; entries: TimelineEntry[] } {
  const start = Date.parse('2024-02-05T10:00:00Z');
  const people = Array.from({ length: 25 }, (_, i) => `U${String(i).padStart(8, '0')}`);
  const declared = declareIncident({
    id: '1',
    title: 'Synthetic long incident',
    severity: 'sev2',
    startedAt: new Date(start),
    declaredBy: people[0]!,
    channelId: 'C1',
    channelName: 'inc-bench',
    now: new Date(start + 60_000),
  });
  let incident = declared.incident;
  const entries = [...declared.entries];
  for (let i = entries.length; i < ENTRIES; i += 1) {
    const at = new Date(start + i * 15_000); // one entry every 15 s: the incident spans ~42 hours, so dates show
    const change: IncidentChange =
      i % 50 === 0
        ? { kind: 'fix', text: `Fix number ${i}: add an alert for <@${people[i % 25]}>'s service` }
        : i % 45 === 0
          ? { kind: 'task', text: `Task ${i}`, ownerId: people[(i + 3) % 25]! }
          : { kind: 'note', text: `Note ${i}: error rate at ${i % 97}% on *api-${i % 7}* &lt;p99 ${i % 1000} ms&gt;\nsecond line with a #hash and a - dash` };
    const result = applyChange(incident, change, people[i % 25]!, at);
    incident = result.incident;
    entries.push(...result.entries);
  }
  return { incident, entries };
}

function main(): void {
  const { incident, entries } = buildIncident();
  const names = new Map<string, string>(Array.from({ length: 25 }, (_, i) => [`U${String(i).padStart(8, '0')}`, `Person ${i}`]));
  const input = { incident, entries, timeZone: 'Europe/Berlin', nameOf: (id: string) => names.get(id) };
  const gc = (globalThis as { gc?: () => void }).gc;

  let markdown = '';
  for (let i = 0; i < WARMUP; i += 1) markdown = compilePostmortem(input);

  const times: number[] = [];
  const allocated: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = process.hrtime.bigint();
    markdown = compilePostmortem(input);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    allocated.push(process.memoryUsage().heapUsed - heapBefore);
  }
  times.sort((a, b) => a - b);
  allocated.sort((a, b) => a - b);
  const pick = (values: number[], q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))]!;
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

  console.log(`entries: ${entries.length} (${markdown.split('\n').length} lines, ${mb(Buffer.byteLength(markdown))} MB of Markdown)`);
  console.log(
    `compile time: median ${pick(times, 0.5).toFixed(1)} ms, p95 ${pick(times, 0.95).toFixed(1)} ms, min ${times[0]!.toFixed(1)} ms over ${RUNS} runs`,
  );
  console.log(`heap growth during one compile: median ${mb(pick(allocated, 0.5))} MB${gc ? '' : ' (run with --expose-gc for stable figures)'}`);
  console.log(`process RSS: ${mb(process.memoryUsage().rss)} MB; node ${process.version}`);
}

main();

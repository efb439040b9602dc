import { applyChange, declareIncident, type Incident, type IncidentChange } from '../../src/domain/incident';
import type { TimelineEntry } from '../../src/domain/timeline-entry';

/**
 * A very long incident: `count` timeline entries by 25 people, one every 15 s (so it spans
 * days and dates show), with fixes, tasks and multi-line notes.
 */
export function longIncident(count = 10_000, id = '1', channelId = 'C1'): { incident: Incident; entries: TimelineEntry[] } {
  const start = Date.parse('2024-02-05T10:00:00Z');
  const people = Array.from({ length: 25 }, (_, i) => `U${String(i).padStart(8, '0')}`);
  const declared = declareIncident({
    id,
    title: 'Synthetic long incident',
    severity: 'sev2',
    startedAt: new Date(start),
    declaredBy: people[0]!,
    channelId,
    channelName: 'inc-bench',
    now: new Date(start + 60_000),
  });
  let incident = declared.incident;
  const entries = [...declared.entries];
  for (let i = entries.length; i < count; i += 1) {
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

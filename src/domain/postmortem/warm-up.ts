import type { HourCycle } from '../format-time';
import { applyChange, declareIncident, type IncidentChange } from '../incident';
import type { TimelineEntry } from '../timeline-entry';
import { compilePostmortem } from './compile-postmortem';
import { POSTMORTEM_SLICE } from './postmortem-data';
import type { PostmortemTemplate } from './postmortem-template';

/**
 * Compiles a small made-up postmortem once, at start-up, so that the first real one does not
 * also pay for compiling: V8 compiles each function on its first call and Handlebars a template
 * on its first render. On a 10,000-entry incident that first time held other people's commands
 * up 10-20 ms longer than the ones after it. Returns the Markdown (tests read it).
 */
export function warmUpPostmortem(template: PostmortemTemplate, timeZone: string, hourCycle?: HourCycle): string {
  const people = ['U00000001', 'U00000002', 'U00000003'];
  const start = new Date(Date.UTC(2024, 1, 5, 10));
  const declared = declareIncident({
    id: 'warm-up',
    title: 'Warm-up',
    severity: 'sev2',
    startedAt: start,
    declaredBy: people[0]!,
    channelId: 'C00000000',
    channelName: 'warm-up',
    now: start,
  });
  let incident = declared.incident;
  const entries: TimelineEntry[] = [...declared.entries];
  // More than one slice, across midnight, with every kind of text a postmortem escapes.
  for (let i = 1; i <= POSTMORTEM_SLICE + 10; i += 1) {
    const change: IncidentChange =
      i % 50 === 0
        ? { kind: 'fix', text: `Fix ${i}: roll back api-${i % 7}` }
        : i % 45 === 0
          ? { kind: 'task', text: `Task ${i}`, ownerId: people[(i + 1) % 3]! }
          : { kind: 'note', text: `Note ${i}: *bold* &lt;p99&gt;\n- a second line with a #hash` };
    const result = applyChange(incident, change, people[i % 3]!, new Date(start.getTime() + i * 5 * 60_000));
    incident = result.incident;
    entries.push(...result.entries);
  }
  const names = new Map(people.map((id, i) => [id, `Person ${i}`]));
  return compilePostmortem({ incident, entries, timeZone, ...(hourCycle ? { hourCycle } : {}), nameOf: (id) => names.get(id) }, template);
}

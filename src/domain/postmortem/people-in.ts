import type { Incident } from '../incident';
import type { TimelineEntry } from '../timeline-entry';

// [^<>] rather than [^>]: a run of unclosed mentions cannot make each match scan to the end.
const MENTION = /<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>/g;

/** Everyone an incident's postmortem names: authors, leads, owners, people mentioned in text, and paged user groups. */
export function peopleIn(incident: Incident, entries: readonly TimelineEntry[]): string[] {
  const ids = new Set<string>([incident.leadId, incident.declaredBy]);
  if (incident.acknowledgedBy) ids.add(incident.acknowledgedBy);
  const mentionsIn = (text: string | undefined) => {
    for (const match of (text ?? '').matchAll(MENTION)) ids.add(match[1]!);
  };
  [incident.title, incident.impact, incident.cause, incident.resolution].forEach(mentionsIn);
  for (const entry of entries) {
    ids.add(entry.authorId);
    if (entry.kind === 'lead') ids.add(entry.from).add(entry.to);
    if (entry.kind === 'task' && entry.ownerId) ids.add(entry.ownerId);
    if (entry.kind === 'page') for (const id of entry.targets) ids.add(id);
    if ('text' in entry) mentionsIn(entry.text);
    if (entry.kind === 'declared') mentionsIn(entry.title);
  }
  return [...ids].sort();
}

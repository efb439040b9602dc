import { ALERT_SOURCE_NAMES, type AlertLink } from './alerts/alert-notification';
import { formatDuration } from './format-time';
import type { TimelineEntry } from './timeline-entry';

/** How a renderer shows people and the text people typed (Slack mentions, or names in Markdown). */
export interface EntryRenderer {
  /** A person (U…/W…) or, in escalation pages, a user group (S…). */
  user(userId: string): string;
  text(typed: string): string;
  /** A link to a page outside (an alert's graph, its runbook). */
  link(label: string, url: string): string;
}

const SUMMARY_LABEL = { impact: 'Impact', cause: 'Root cause', resolution: 'Resolution' } as const;

function linksOf(links: readonly AlertLink[] | undefined, render: EntryRenderer): string {
  return links?.length ? ` (${links.map((l) => render.link(l.label, l.url)).join(', ')})` : '';
}

/** One timeline entry as a plain sentence. Notes keep the author's own words. */
export function describeEntry(entry: TimelineEntry, render: EntryRenderer): string {
  const by = render.user(entry.authorId);
  switch (entry.kind) {
    case 'started':
      return 'The incident started';
    case 'declared':
      return entry.source
        ? `${by} declared the incident (${entry.severity}) from ${ALERT_SOURCE_NAMES[entry.source]}: ${render.text(entry.title)}${linksOf(entry.links, render)}`
        : `${by} declared the incident (${entry.severity}): ${render.text(entry.title)}`;
    case 'note':
      return `${by}: ${render.text(entry.text)}`;
    case 'update':
      return `${by} posted a status update: ${render.text(entry.text)}`;
    case 'status':
      return `${by} changed the status from ${entry.from} to ${entry.to}`;
    case 'severity':
      return `${by} changed the severity from ${entry.from} to ${entry.to}`;
    case 'lead':
      return `${by} handed the lead from ${render.user(entry.from)} to ${render.user(entry.to)}`;
    case 'role':
      return entry.userId
        ? `${by} gave the ${render.text(entry.role)} role to ${render.user(entry.userId)}`
        : `${by} left the ${render.text(entry.role)} role empty`;
    case 'summary':
      return `${by} recorded the ${SUMMARY_LABEL[entry.field].toLowerCase()}: ${render.text(entry.text)}`;
    case 'fix':
      return `${by} proposed a fix: ${render.text(entry.text)}`;
    case 'task':
      return `${by} added a task: ${render.text(entry.text)}${entry.ownerId ? ` (owner: ${render.user(entry.ownerId)})` : ''}`;
    case 'ack':
      return `${by} acknowledged the incident`;
    case 'page': {
      const targets = entry.targets.map((id) => render.user(id)).join(', ');
      if (entry.trigger === 'manual') return `${by} escalated to level ${entry.level}: paged ${targets}`;
      return entry.step === 0 ? `Paged level ${entry.level}: ${targets}` : `Escalated to level ${entry.level} (not acknowledged in time): paged ${targets}`;
    }
    case 'resolved':
      return `${by} resolved the incident: service restored`;
    case 'closed':
      return `${by} closed the incident`;
    case 'message':
      return `${by} wrote: ${render.text(entry.text)}`;
    case 'cover':
      return `${render.user(entry.userId)} is on call for ${render.text(entry.schedule)} for ${formatDuration(entry.durationMs)}${entry.userId === entry.authorId ? '' : ` (set by ${by})`}`;
    case 'alert':
      if (entry.group) return `${ALERT_SOURCE_NAMES[entry.source]}: the alert group resolved (${render.text(entry.name)})`;
      return `${ALERT_SOURCE_NAMES[entry.source]}: alert ${render.text(entry.name)} ${entry.status === 'firing' ? 'started firing' : 'resolved'}`;
  }
}

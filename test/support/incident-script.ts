import { applyChange, declareIncident, type Declaration, type Incident, type IncidentChange } from '../../src/domain/incident';
import type { TimelineEntry } from '../../src/domain/timeline-entry';

/** Builds an incident through the pure domain, step by step, for tests of what reads it. */
export class IncidentScript {
  incident: Incident;
  readonly entries: TimelineEntry[];

  constructor(declaration: Omit<Declaration, 'id' | 'channelId' | 'channelName'> & Partial<Declaration>) {
    const result = declareIncident({ id: '7', channelId: 'C1', channelName: 'inc-test', ...declaration });
    this.incident = result.incident;
    this.entries = [...result.entries];
  }

  apply(change: IncidentChange, actorId: string, now: Date | string): this {
    const result = applyChange(this.incident, change, actorId, new Date(now));
    this.incident = result.incident;
    this.entries.push(...result.entries);
    return this;
  }
}

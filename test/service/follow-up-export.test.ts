import type { Incident } from '../../src/domain/incident';
import type { OutboxEntry } from '../../src/domain/side-effect';
import type { FollowUp, FollowUpRecord, FollowUpRecords, TrackedIssue, Tracker } from '../../src/ports/tracker';
import { FollowUpExport } from '../../src/service/follow-up-export';
import { InMemoryUserDirectory } from '../support/in-memory/user-directory';
import { IncidentScript } from '../support/incident-script';

/** A tracker in memory that takes its time to create, so two attempts can overlap. */
class SlowTracker implements Tracker {
  readonly name = 'Test';
  readonly created: FollowUp[] = [];
  async find(marker: string): Promise<TrackedIssue | undefined> {
    const i = this.created.findIndex((f) => f.marker === marker);
    return i < 0 ? undefined : { key: `#${i + 1}`, url: `https://t/${i + 1}` };
  }
  async create(followUp: FollowUp): Promise<TrackedIssue> {
    await new Promise((r) => setTimeout(r, 20));
    this.created.push(followUp);
    return { key: `#${this.created.length}`, url: `https://t/${this.created.length}` };
  }
  async state(): Promise<'open' | 'closed'> {
    return 'open';
  }
}

class MemoryRecords implements FollowUpRecords {
  readonly records = new Map<string, FollowUpRecord>();
  async get(incidentId: string, seq: number) {
    return this.records.get(`${incidentId}-${seq}`);
  }
  async issuesOf() {
    return new Map<number, TrackedIssue>();
  }
  async claim(incidentId: string, seq: number, now: Date) {
    if (this.records.has(`${incidentId}-${seq}`)) return false;
    this.records.set(`${incidentId}-${seq}`, { state: 'pending', since: now });
    return true;
  }
  async reclaim(incidentId: string, seq: number, now: Date) {
    this.records.set(`${incidentId}-${seq}`, { state: 'pending', since: now });
  }
  async markCreated(incidentId: string, seq: number, issue: TrackedIssue) {
    this.records.set(`${incidentId}-${seq}`, { state: 'created', issue });
  }
}

describe('FollowUpExport', () => {
  const s = new IncidentScript({ title: 'Checkout down', severity: 'sev1', declaredBy: 'UALICE', now: new Date('2024-02-05T10:00:00Z') }).apply(
    { kind: 'task', text: 'Add a canary stage' },
    'UALICE',
    '2024-02-05T10:30:00Z',
  );
  const incident: Incident = s.incident;
  const task = s.entries.at(-1)!;
  const entry: OutboxEntry = { id: '7-v2-0', effect: { kind: 'followUp', incidentId: incident.id, entry: task }, createdAt: new Date() };

  test('two replicas delivering the same task at once create one issue; the other retries and finds it', async () => {
    const tracker = new SlowTracker();
    const records = new MemoryRecords();
    const notices: string[] = [];
    const exporter = new FollowUpExport({
      tracker,
      records,
      users: new InMemoryUserDirectory(),
      notices: { exported: async (_i, _t, issue) => void notices.push(issue.key) },
      linkTo: () => '#inc',
    });
    const [first, second] = await Promise.allSettled([exporter.deliver(entry, incident), exporter.deliver(entry, incident)]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'tracker_call', transient: true } });
    await exporter.deliver(entry, incident); // the queued retry
    expect(tracker.created).toHaveLength(1);
    expect(notices).toEqual(['#1']);
  });

  test('an intent left by an attempt that died without an issue is taken over', async () => {
    const tracker = new SlowTracker();
    const records = new MemoryRecords();
    await records.claim(incident.id, task.seq, new Date(Date.now() - 60_000));
    const exporter = new FollowUpExport({
      tracker,
      records,
      users: new InMemoryUserDirectory(),
      notices: { exported: async () => undefined },
      linkTo: () => '#inc',
    });
    await exporter.deliver(entry, incident);
    expect(tracker.created).toHaveLength(1);
    expect(await records.get(incident.id, task.seq)).toMatchObject({ state: 'created' });
  });
});

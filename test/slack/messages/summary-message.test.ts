import { buildPostmortemData } from '../../../src/domain/postmortem/postmortem-data';
import { summaryMessage } from '../../../src/slack/messages/summary-message';
import { IncidentScript } from '../../support/incident-script';

/** The fields of the summary's second section, by label. */
function fields(message: ReturnType<typeof summaryMessage>): Record<string, string> {
  const list = message.blocks?.flatMap((b) => (b.type === 'section' ? (b.fields ?? []) : [])) ?? [];
  return Object.fromEntries(list.map((f) => /^\*(.+?):\*\n([\s\S]*)$/.exec(f.text)!.slice(1, 3)));
}

const UTC = { timeZone: 'UTC', hourCycle: '24h' } as const;

describe('summaryMessage', () => {
  const script = () => new IncidentScript({ title: 'Checkout down', severity: 'sev2', declaredBy: 'UALICE', now: new Date('2024-02-05T10:00:00Z') });

  test('while the outage goes on: how long so far, as of now', () => {
    const s = script();
    expect(fields(summaryMessage(s.incident, UTC, new Date('2024-02-05T10:12:00Z')))['Running for']).toBe(
      '12 minutes (as of <!date^1707127920^{time}|10:12 UTC>)',
    );
  });

  test('after close: the outage ended at its resolution, and the summary says what the postmortem says', () => {
    const s = script().apply({ kind: 'resolve' }, 'UALICE', '2024-02-05T10:37:00Z').apply({ kind: 'close' }, 'UALICE', '2024-02-05T10:39:00Z');
    const shown = fields(summaryMessage(s.incident, UTC, new Date('2024-02-05T11:00:00Z')));
    expect(shown['Outage lasted']).toBe('37 minutes');
    expect(shown['Running for']).toBeUndefined();
    const postmortem = buildPostmortemData({ incident: s.incident, entries: s.entries, timeZone: 'UTC', nameOf: () => undefined });
    expect(postmortem.summary.length).toBe(shown['Outage lasted']);
  });
});

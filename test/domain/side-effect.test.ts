import { changeEffects } from '../../src/domain/side-effect';
import { IncidentScript } from '../support/incident-script';

describe('changeEffects', () => {
  const script = () => new IncidentScript({ title: 'Checkout down', severity: 'sev2', declaredBy: 'UALICE', now: new Date('2024-02-05T10:00:00Z') });
  const effectsOf = (change: Parameters<IncidentScript['apply']>[0]) => {
    const s = script();
    const before = s.incident;
    s.apply(change, 'UBOB', '2024-02-05T10:05:00Z');
    const entries = s.entries.slice(-1);
    return changeEffects(before, { incident: s.incident, entries }).map((e) => e.kind);
  };

  test('what people need to see is posted, then the summary follows', () => {
    expect(effectsOf({ kind: 'note', text: 'failing over' })).toEqual(['entry', 'summary']);
    expect(effectsOf({ kind: 'status', status: 'identified' })).toEqual(['entry', 'summary', 'topic']);
  });

  test('bookkeeping only updates the summary: the channel is not told of every impact, cause, fix or task', () => {
    expect(effectsOf({ kind: 'summary', field: 'impact', text: 'payments failing' })).toEqual(['summary']);
    expect(effectsOf({ kind: 'fix', text: 'add a health check' })).toEqual(['summary']);
    expect(effectsOf({ kind: 'task', text: 'update the runbook' })).toEqual(['summary']);
  });
});

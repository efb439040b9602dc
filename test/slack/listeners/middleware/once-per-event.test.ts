import { oncePerEvent } from '../../../../src/slack/listeners/middleware/once-per-event';
import { InMemoryEventLedger } from '../../../support/in-memory/command-journal';
import { RecordingLogger } from '../../../support/test-app';

describe('oncePerEvent', () => {
  const delivery = (eventId: string, type = 'reaction_added') => ({ type: 'event_callback', event_id: eventId, event: { type } });

  async function deliver(middleware: ReturnType<typeof oncePerEvent>, body: unknown, next: () => Promise<void>) {
    await middleware({ body, next } as unknown as Parameters<typeof middleware>[0]);
  }

  test('a redelivered event is handled once; a failed one may be tried again', async () => {
    const ledger = new InMemoryEventLedger();
    const logger = new RecordingLogger();
    const middleware = oncePerEvent(ledger, logger.logger);
    let handled = 0;
    const count = async () => {
      handled += 1;
    };
    await deliver(middleware, delivery('Ev1'), count);
    await deliver(middleware, delivery('Ev1'), count);
    expect(handled).toBe(1);
    await deliver(middleware, delivery('Ev2'), async () => {
      throw new Error('Slack was down');
    });
    expect(ledger.claimed.has('Ev2')).toBe(false);
    await deliver(middleware, delivery('Ev2'), count);
    expect(handled).toBe(2);
  });

  test('what cannot change a timeline (commands, plain messages) passes without a claim', async () => {
    const ledger = new InMemoryEventLedger();
    const middleware = oncePerEvent(ledger, new RecordingLogger().logger);
    let handled = 0;
    const count = async () => {
      handled += 1;
    };
    await deliver(middleware, { command: '/incident' }, count);
    await deliver(middleware, delivery('Ev3', 'message'), count);
    expect(handled).toBe(2);
    expect(ledger.claimed.size).toBe(0);
  });
});

import { createCapturedMessageSyncHandler, type MessageEventArgs } from '../../../../src/slack/listeners/events/captured-message-sync';
import { listenerHarness } from '../../../support/listener-harness';

/** Edits and deletions of captured messages, as Slack sends them. */
describe('captured message sync', () => {
  let h: Awaited<ReturnType<typeof listenerHarness>>;
  let channel: string;
  const ts = '1707127500.000100';
  beforeEach(async () => {
    h = await listenerHarness();
    channel = (await h.service.declare({ title: 'Checkout down', severity: 'sev2', declaredBy: 'UALICE' })).incident.channelId;
    await h.service.change(channel, { kind: 'capture', message: { ts, text: 'lag 2M', authorId: 'UCAROL', at: new Date(1707127500_000) } }, 'UBOB');
  });
  afterEach(() => h.stop());

  const handle = (event: Record<string, unknown>) =>
    createCapturedMessageSyncHandler(h.deps)({ event: { type: 'message', channel, ...event } as MessageEventArgs['event'] });
  const captured = async () => (await h.service.timeline(channel)).entries.filter((e) => e.kind === 'message').map((e) => e.kind === 'message' && e.text);

  test('an edit rewrites the entry; an unfurl (same text) changes nothing', async () => {
    await handle({
      subtype: 'message_changed',
      message: { type: 'message', user: 'UCAROL', text: 'lag 2M', ts },
      previous_message: { type: 'message', user: 'UCAROL', text: 'lag 2M', ts },
    });
    expect(await captured()).toEqual(['lag 2M']);
    await handle({
      subtype: 'message_changed',
      message: { type: 'message', user: 'UCAROL', text: 'lag 2M, growing', ts },
      previous_message: { type: 'message', text: 'lag 2M', ts },
    });
    expect(await captured()).toEqual(['lag 2M, growing']);
  });

  test('a deletion removes the entry; messages not on the timeline are left alone, without an error', async () => {
    await handle({ subtype: 'message_deleted', deleted_ts: '1707127999.000100' });
    await handle({ subtype: 'message_deleted', deleted_ts: ts });
    expect(await captured()).toEqual([]);
    expect(h.logger.errors()).toEqual([]);
  });
});

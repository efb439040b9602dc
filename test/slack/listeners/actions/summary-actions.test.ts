import type { BlockAction } from '@slack/bolt';
import { createCommandButtonHandler, createStatusSelectHandler } from '../../../../src/slack/listeners/actions/summary-actions';
import { ACTION_IDS } from '../../../../src/slack/interaction-ids';
import { listenerHarnessWithIncident, recorder } from '../../../support/listener-harness';
import { blockActionsPayload } from '../../../support/slack-request';

/** The summary's buttons, called as Bolt calls them: each does what its command does. */
describe('summary actions', () => {
  let h: Awaited<ReturnType<typeof listenerHarnessWithIncident>>;
  beforeEach(async () => {
    h = await listenerHarnessWithIncident();
  });
  afterEach(() => h.stop());

  const click = (actionId: string, selected?: string) => {
    const payload = blockActionsPayload({ actionId, user: 'UBOB', channel: h.channel, messageTs: '1.1', responseUrl: h.slack.responseUrl('click'), selected });
    const body = payload as unknown as BlockAction;
    return { body, action: body.actions[0]! };
  };

  test('Acknowledge acknowledges, as `/incident ack` does', async () => {
    const r = recorder();
    await createCommandButtonHandler(h.deps, { name: 'ack' })({ ack: r.ack, ...click(ACTION_IDS.acknowledge) });
    expect(r.acks).toEqual([undefined]);
    expect((await h.service.incident(h.channel)).acknowledgedBy).toBe('UBOB');
    expect(h.reports.map((x) => [x.subcommand, x.via, x.outcome])).toEqual([['ack', 'button', 'ok']]);
  });

  test('a status that is not one is refused and nothing is kept', async () => {
    const r = recorder();
    await createStatusSelectHandler(h.deps)({ ack: r.ack, ...click(ACTION_IDS.status, 'exploded') });
    expect(h.journal.seen.size).toBe(0);
    expect(h.slack.responsesTo('click').map((m) => m.text)).toEqual([
      '"exploded" is not a status. Pick one of investigating, identified, monitoring, resolved.',
    ]);
  });
});

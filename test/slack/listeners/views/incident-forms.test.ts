import type { ViewSubmitAction } from '@slack/bolt';
import { createNoteFormHandler, formValues } from '../../../../src/slack/listeners/views/incident-forms';
import { noteModal } from '../../../../src/slack/messages/modals';
import { listenerHarnessWithIncident, recorder } from '../../../support/listener-harness';
import { viewSubmissionPayload } from '../../../support/slack-request';

/** Form submissions, called as Bolt calls them: bad input goes back into the form, good input is carried out. */
describe('the note form', () => {
  let h: Awaited<ReturnType<typeof listenerHarnessWithIncident>>;
  beforeEach(async () => {
    h = await listenerHarnessWithIncident();
  });
  afterEach(() => h.stop());

  const submit = async (fields: Record<string, string | undefined>) => {
    const view = noteModal({ channelId: h.channel, responseUrl: h.slack.responseUrl('form') }, await h.service.incident(h.channel), 'UTC');
    const body = viewSubmissionPayload(view as unknown as Record<string, unknown>, 'UBOB', fields) as unknown as ViewSubmitAction;
    const r = recorder();
    await createNoteFormHandler(h.deps)({ ack: r.ack, body, view: body.view });
    return r;
  };

  test('a time that is not one is shown next to its field, and nothing is saved', async () => {
    const { acks } = await submit({ text: 'failing over', time: 'teatime' });
    expect(acks).toEqual([{ response_action: 'errors', errors: { time: expect.stringMatching(/"teatime" is not a time/) } }]);
    expect(h.journal.seen.size).toBe(0);
  });

  test('a valid note closes the form and lands on the timeline', async () => {
    const { acks } = await submit({ text: 'failing over', time: '' });
    expect(acks).toEqual([undefined]);
    expect((await h.service.timeline(h.channel)).entries.some((e) => e.kind === 'note' && e.text === 'failing over')).toBe(true);
  });

  test('a malformed state reads as an empty form', () => {
    expect(formValues({ state: { values: 'nope' } } as unknown as ViewSubmitAction['view'])).toEqual({});
  });
});

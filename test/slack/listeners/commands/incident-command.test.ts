import type { SlashCommand } from '@slack/bolt';
import { createIncidentCommandHandler } from '../../../../src/slack/listeners/commands/incident-command';
import { listenerHarness, recorder } from '../../../support/listener-harness';

/** `/incident` called as Bolt calls it, on in-memory ports: what is acknowledged, answered, kept. */
function slash(text: string, channel = 'CGENERAL'): SlashCommand {
  return {
    token: 'x',
    command: '/incident',
    text,
    response_url: 'https://hooks.slack.test/commands/1',
    trigger_id: `trigger-${text}`,
    user_id: 'UALICE',
    user_name: 'alice',
    team_id: 'T1',
    team_domain: 't',
    channel_id: channel,
    channel_name: 'general',
    api_app_id: 'A1',
  };
}

describe('/incident', () => {
  let h: Awaited<ReturnType<typeof listenerHarness>>;
  beforeEach(async () => {
    h = await listenerHarness();
  });
  afterEach(() => h.stop());

  const run = async (text: string, channel?: string) => {
    const r = recorder();
    await createIncidentCommandHandler(h.deps)({ command: slash(text, channel), ack: r.ack, respond: r.respond });
    return r;
  };

  test('what cannot be understood is answered in the acknowledgement; nothing is kept', async () => {
    const { acks, responses } = await run('frobnicate');
    expect(acks).toEqual([{ response_type: 'ephemeral', text: expect.stringMatching(/^I don't know the subcommand "frobnicate"/) }]);
    expect(responses).toEqual([]);
    expect(h.journal.seen.size).toBe(0);
    expect(h.reports.map((r) => [r.subcommand, r.outcome])).toEqual([['frobnicate', 'usage_error']]);
  });

  test('a change is kept before it is acknowledged, carried out, and let go of when refused', async () => {
    const { acks, responses } = await run('ack');
    expect(acks).toEqual([undefined]);
    expect(responses).toEqual([{ response_type: 'ephemeral', text: expect.stringMatching(/^This channel is not an incident channel/) }]);
    expect(h.journal.seen.size).toBe(0); // kept, then released: a refusal changes nothing
  });

  test('start declares, and the declarer hears where', async () => {
    const { responses } = await run('start sev2 Checkout down');
    expect(responses).toEqual([{ response_type: 'ephemeral', text: expect.stringMatching(/^:rotating_light: Incident #1 \(sev2\) is declared: <#C000001>/) }]);
    expect(h.journal.pending.size).toBe(0);
  });

  test('when the command cannot be kept, the acknowledgement says nothing was saved', async () => {
    h.journal.down = true;
    const { acks, responses } = await run('start Checkout down');
    expect(acks).toEqual([{ response_type: 'ephemeral', text: expect.stringMatching(/could not reach its storage \(Redis\), so nothing was saved/) }]);
    expect(responses).toEqual([]);
    expect(h.channels.opened).toEqual([]);
  });
});

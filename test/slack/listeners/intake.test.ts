import { invocationId, keepCommand } from '../../../src/slack/listeners/intake';
import { InMemoryCommandJournal } from '../../support/in-memory/command-journal';
import { serviceHarness } from '../../support/service-harness';

describe('durable intake', () => {
  const command = { id: 'x', userId: 'UBOB', channelId: 'C1', via: 'slash' as const, command: { name: 'note' as const, text: 'hi' } };

  test('an invocation keeps its id across redeliveries; any other detail makes another', () => {
    const id = invocationId('trigger-1', 'UBOB', 'C1', 'note hi');
    expect(invocationId('trigger-1', 'UBOB', 'C1', 'note hi')).toBe(id);
    expect(new Set([invocationId('trigger-2', 'UBOB', 'C1', 'note hi'), invocationId('trigger-1', 'UCAROL', 'C1', 'note hi'), id]).size).toBe(3);
  });

  test('kept once; a redelivery is a duplicate; a journal that is away says why', async () => {
    const { service } = serviceHarness();
    const journal = new InMemoryCommandJournal();
    expect(await keepCommand({ journal, service }, command)).toMatchObject({ kept: true, intake: { commandId: 'x' } });
    expect(await keepCommand({ journal, service }, command)).toEqual({ kept: false, duplicate: true });
    journal.down = true;
    expect(await keepCommand({ journal, service }, { ...command, id: 'y' })).toMatchObject({
      kept: false,
      duplicate: false,
      error: { code: 'storage_unavailable' },
    });
  });
});

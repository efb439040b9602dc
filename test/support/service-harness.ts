import type { EscalationPolicy } from '../../src/domain/escalation/escalation-policy';
import type { Schedule } from '../../src/domain/oncall/schedule';
import { CommandRunner } from '../../src/service/command-runner';
import { IncidentService } from '../../src/service/incident-service';
import { SideEffectDispatcher } from '../../src/service/side-effect-dispatcher';
import type { CommandJournal } from '../../src/ports/command-journal';
import type { PostmortemDraftResult } from '../../src/ports/postmortem-sharing';
import { InMemoryChannelOpener } from './in-memory/channel-opener';
import { ClockScheduler, ManualClock } from './in-memory/clock-scheduler';
import { InMemoryIncidentStore } from './in-memory/incident-store';
import { InMemoryOutbox, RecordingDelivery, RecordingRetries } from './in-memory/outbox';
import { InMemoryUserDirectory } from './in-memory/user-directory';
import { InThreadPostmortemCompiler } from '../../src/postmortem-compiler/in-thread-postmortem-compiler';

export const BOT = 'UBOT';

/** The incident service on in-memory ports and a manual clock: use cases in milliseconds, no Redis, no Slack. */
export function serviceHarness({
  policy = {},
  start = new Date('2024-02-05T10:00:00Z'),
  timeZone = 'UTC',
  names = new Map<string, string>(),
  schedules = [],
}: {
  policy?: EscalationPolicy;
  start?: Date;
  timeZone?: string;
  names?: Map<string, string>;
  schedules?: Schedule[];
} = {}) {
  const clock = new ManualClock(start);
  const store = new InMemoryIncidentStore();
  const channels = new InMemoryChannelOpener();
  const scheduler = new ClockScheduler(clock);
  const attached = new Map<string, { id: string; name: string }>();
  const scheduleErrors: unknown[] = [];
  const service = new IncidentService({
    store,
    channels,
    users: new InMemoryUserDirectory(names),
    scheduler,
    journal: { attachChannel: async (id, channel) => void attached.set(id, channel) },
    timeZone,
    postmortems: new InThreadPostmortemCompiler({ timeZone }),
    policy,
    botUserId: BOT,
    clock: clock.now,
    onScheduleError: (error) => scheduleErrors.push(error),
    schedules,
  });
  scheduler.service = service;
  return { service, store, channels, scheduler, clock, attached, scheduleErrors };
}

/**
 * The command runner on the same in-memory ports: a recording delivery (failing where told to),
 * queued retries, a journal that records what it lets go of, and shared drafts.
 */
export function runnerHarness({ journal, ...options }: Parameters<typeof serviceHarness>[0] & { journal?: Pick<CommandJournal, 'release'> } = {}) {
  const harness = serviceHarness(options);
  const delivery = new RecordingDelivery();
  const retries = new RecordingRetries();
  const released: string[] = [];
  const shared: PostmortemDraftResult[] = [];
  const dispatcher = new SideEffectDispatcher({
    outbox: new InMemoryOutbox(harness.store.outbox),
    delivery,
    retries,
    incidentById: (id) => harness.service.incidentById(id),
    isTransient: (error) => (error as { transient?: boolean }).transient === true,
  });
  const runner = new CommandRunner({
    service: harness.service,
    dispatcher,
    sharing: { publishPostmortem: async (draft) => void shared.push(draft) },
    journal: {
      release: async (id) => {
        released.push(id);
        await journal?.release(id);
      },
    },
  });
  return { ...harness, runner, dispatcher, delivery, retries, released, shared };
}

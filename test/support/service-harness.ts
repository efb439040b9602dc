import type { EscalationPolicy } from '../../src/domain/escalation/escalation-policy';
import { IncidentService } from '../../src/service/incident-service';
import { InMemoryChannelOpener } from './in-memory/channel-opener';
import { ClockScheduler, ManualClock } from './in-memory/clock-scheduler';
import { InMemoryIncidentStore } from './in-memory/incident-store';
import { InMemoryUserDirectory } from './in-memory/user-directory';

export const BOT = 'UBOT';

/** The incident service on in-memory ports and a manual clock: use cases in milliseconds, no Redis, no Slack. */
export function serviceHarness({
  policy = {},
  start = new Date('2024-02-05T10:00:00Z'),
  timeZone = 'UTC',
  names = new Map<string, string>(),
}: {
  policy?: EscalationPolicy;
  start?: Date;
  timeZone?: string;
  names?: Map<string, string>;
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
    policy,
    botUserId: BOT,
    clock: clock.now,
    onScheduleError: (error) => scheduleErrors.push(error),
  });
  scheduler.service = service;
  return { service, store, channels, scheduler, clock, attached, scheduleErrors };
}

import type { Logger } from '../../observability/logger';
import type { CommandObserver } from '../../observability/command-observer';
import type { IncidentService } from '../../service/incident-service';
import type { CommandJournal } from '../../ports/command-journal';
import type { EventLedger } from '../../ports/event-ledger';
import type { AnsweringRunner } from '../command-replies';
import type { Replier } from '../reply';
import type { SlackApi } from '../slack-api';

/** What Hotwash's Slack listeners work with. */
export interface ListenerDeps {
  runner: AnsweringRunner;
  service: IncidentService;
  slack: SlackApi;
  replier: Replier;
  timeZone: string;
  observe: CommandObserver;
  ledger: EventLedger;
  /** The durable intake: commands that change an incident are kept here before Slack is acknowledged. */
  journal: CommandJournal;
  /** Hotwash's own identity, so its own messages are never captured into a timeline. */
  bot: { userId: string; botId?: string };
  logger: Logger;
  /** Runs the work after an ack once no other request awaits its ack, a few at a time (AnswersFirst). */
  afterAcks: <T>(work: () => Promise<T>) => Promise<T>;
}

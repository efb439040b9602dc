import { webApi } from '@slack/bolt';
import type { CommandReport } from '../../src/observability/command-observer';
import { AnsweringRunner } from '../../src/slack/command-replies';
import type { ListenerDeps } from '../../src/slack/listeners/listener-deps';
import { Replier } from '../../src/slack/reply';
import { SlackApi, slackClientOptions } from '../../src/slack/slack-api';
import { SlackFetch } from '../../src/slack/slack-fetch';
import { FakeSlack } from './fake-slack';
import { InMemoryCommandJournal, InMemoryEventLedger } from './in-memory/command-journal';
import { runnerHarness } from './service-harness';
import { RecordingLogger } from './test-app';

/**
 * The Slack listeners' dependencies on in-memory ports and a fake Slack at the wire, so a test
 * calls a listener directly (as Bolt would) and reads what it acknowledged, answered and stored.
 */
export async function listenerHarness(options: Parameters<typeof runnerHarness>[0] = {}) {
  const journal = new InMemoryCommandJournal();
  const harness = runnerHarness({ ...options, journal });
  // As in Redis, a saved change marks its journaled command done in the same step.
  harness.store.onCommandDone = (id) => journal.pending.delete(id);
  const slack = await new FakeSlack().start();
  // The transport Hotwash runs on, so replies through a response_url go out as they do in production.
  const transport = new SlackFetch();
  const api = new SlackApi(new webApi.WebClient('xoxb-test-token', { slackApiUrl: slack.apiUrl, ...slackClientOptions(20, transport) }));
  const ledger = new InMemoryEventLedger();
  const logger = new RecordingLogger();
  const reports: CommandReport[] = [];
  const deps: ListenerDeps = {
    runner: new AnsweringRunner(harness.runner, { time: { timeZone: 'UTC', hourCycle: '24h' } }),
    service: harness.service,
    slack: api,
    replier: new Replier(api, transport),
    timeZone: 'UTC',
    observe: (report) => void reports.push(report),
    ledger,
    journal,
    bot: { userId: 'UBOT', botId: 'BBOT' },
    logger: logger.logger,
    afterAcks: <T>(work: () => Promise<T>) => work(),
  };
  return {
    ...harness,
    deps,
    slack,
    journal,
    ledger,
    logger,
    reports,
    stop: async () => {
      await transport.close();
      await slack.stop();
    },
  };
}

/** Records what a listener acknowledged and answered through `respond`. */
export function recorder() {
  const acks: unknown[] = [];
  const responses: unknown[] = [];
  return {
    acks,
    responses,
    ack: async (response?: unknown) => void acks.push(response),
    respond: async (response: unknown) => {
      responses.push(response);
      return new Response(null);
    },
  };
}

/** The harness with one incident declared (sev2, by UALICE); `channel` is its channel. */
export async function listenerHarnessWithIncident() {
  const h = await listenerHarness();
  const { incident } = await h.service.declare({ title: 'Checkout down', severity: 'sev2', declaredBy: 'UALICE' });
  return { ...h, channel: incident.channelId };
}

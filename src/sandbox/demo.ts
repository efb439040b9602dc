import type { SlackStandIn } from './slack-stand-in';

/** Whoever carries out what a person does on the page (the sandbox's workspace). */
export interface Performer {
  perform(act: DemoStep): Promise<unknown>;
}

/** One thing a pretend person does: a line typed, a click, a reaction. */
export type DemoStep =
  | { kind: 'message'; user: string; channel: string; text: string }
  | { kind: 'click'; user: string; channel: string; ts: string; actionId: string; value?: string }
  | { kind: 'react'; user: string; channel: string; ts: string; name: string; add: boolean };

const DAY = '2024-02-05';

/**
 * The seed incident (the e-commerce outage of February 5, 2024, as in the seed postmortem),
 * played through real commands by the sandbox's pretend people: declared backdated to 10:00,
 * paged to the on-call schedule and acknowledged from the page's button, noted as it happened,
 * a message captured with 📌, the lead handed over, resolved at 12:00 and closed, which shares
 * the generated postmortem.
 */
export async function playDemo(workspace: Performer, slack: SlackStandIn, pause: number): Promise<void> {
  const wait = () => new Promise((resolve) => setTimeout(resolve, pause));
  const say = async (user: string, channel: string, text: string) => {
    await workspace.perform({ kind: 'message', user, channel, text });
    await wait();
  };
  const before = new Set(slack.channels.keys());
  await say('UALICE', 'CGENERAL', `/incident start sev1 ${DAY} 10:00 E-commerce platform down: pages error or hang`);
  const channel = await slack.waitFor(
    () => [...slack.channels.values()].find((c) => !before.has(c.id) && c.name.includes('e-commerce'))?.id,
    "the demo incident's channel",
    15_000,
  );

  // Whoever is on call was paged by direct message, and acknowledges with its button (whose
  // value is the incident's channel: src/slack/messages/escalation-message.ts).
  const page = await slack.waitFor(() => slack.messages.find((m) => m.channel.startsWith('U') && m.text.includes('E-commerce')), 'the direct page', 15_000);
  await workspace.perform({ kind: 'click', user: page.channel, channel: page.channel, ts: page.ts, actionId: 'incident_acknowledge_page', value: channel });
  await wait();

  const notes: [string, string, string][] = [
    ['UALICE', '10:00', 'Monitoring alerts: a sudden increase in server response times'],
    ['UCAROL', '10:05', 'Multiple error reports from users trying to reach the platform'],
    ['UBOB', '10:10', 'Investigating the database servers: high CPU and memory use'],
    ['UBOB', '10:30', 'Working theory: a database query bottleneck is slowing everything down'],
    ['UCAROL', '10:45', 'Optimised the slowest queries and added capacity: no change (a false lead)'],
    ['UBOB', '11:00', 'Escalated to the DevOps team'],
  ];
  for (const [user, time, text] of notes) await say(user, channel, `/incident note ${DAY} ${time} ${text}`);

  await say('UDAVE', channel, 'Load balancer config diff from this morning: pool weights 100/0/0, so one database takes all the traffic');
  const finding = slack.messages.findLast((m) => m.channel === channel && m.user === 'UDAVE');
  if (finding) {
    await workspace.perform({ kind: 'react', user: 'UBOB', channel, ts: finding.ts, name: 'pushpin', add: true });
    await wait();
  }
  await say('UBOB', channel, '/incident status identified');
  await say('UBOB', channel, `/incident note ${DAY} 11:30 DevOps found the misconfigured load balancer settings: the root cause`);
  await say('UBOB', channel, '/incident lead @UDAVE');
  await say('UDAVE', channel, '/incident update Cause found (load balancer settings); the fix is rolling out');
  await say('UDAVE', channel, '/incident impact Complete downtime of the e-commerce platform; about 75% of users were affected');
  await say('UDAVE', channel, '/incident cause A load balancer misconfiguration overloaded some database servers');
  await say('UDAVE', channel, '/incident resolution Corrected the load balancer configuration and restarted the affected services');
  await say('UDAVE', channel, '/incident fix Automated load balancer health checks to detect misconfigurations');
  await say('UDAVE', channel, '/incident fix Earlier alerting on abnormal server behaviour');
  await say('UDAVE', channel, '/incident task Implement database connection pooling @UBOB');
  await say('UDAVE', channel, '/incident task Add load balancer metrics and alerts to monitoring @UCAROL');
  await say('UDAVE', channel, `/incident resolve ${DAY} 12:00`);
  await say('UDAVE', channel, '/incident close');
}

/**
 * The floor for acknowledgements: a bare Bolt app on the same receiver as Hotwash (HTTPReceiver,
 * signature checked) whose `/incident` only acknowledges. With FLOOR_POST=1 it then posts the
 * command's text to the channel once, the least a bot that shows a note can do.
 */
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

async function main(): Promise<void> {
  const receiver = new HTTPReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET ?? '', endpoints: '/slack/events' });
  const app = new App({
    token: 'xoxb-floor',
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  });
  // Token verification stays on, as in Hotwash: Bolt then calls auth.test once, not on every request.
  const post = process.env.FLOOR_POST === '1';
  app.command('/incident', async ({ ack, command, client }) => {
    await ack();
    if (post) await client.chat.postMessage({ channel: command.channel_id, text: command.text });
  });
  // A clean exit on SIGTERM, so that a profile asked for with --cpu-prof is written.
  process.once('SIGTERM', () => process.exit(0));
  await app.start(Number(process.env.PORT));
  console.log('listening');
}

void main();

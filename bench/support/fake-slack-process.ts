/**
 * The fake Slack Web API of the tests, in a process of its own so that serving Slack's side
 * does not share an event loop with the program measured nor with the load generator. The
 * bench runner drives it over IPC (see FakeSlackChild).
 */
import { FakeSlack } from '../../test/support/fake-slack';

export type FakeSlackRequest =
  | { op: 'addChannel'; name: string }
  | { op: 'addUser'; id: string; name: string }
  | { op: 'addUserGroup'; id: string; handle: string; members: string[] }
  | { op: 'channelNamed'; name: string }
  | { op: 'channelsMatching'; pattern: string }
  | { op: 'messages'; pattern: string; since: number }
  | { op: 'post'; channel: string; text: string }
  | { op: 'callCount'; method: string }
  | { op: 'callsByMethod' };

async function main(): Promise<void> {
  const slack = await new FakeSlack().start();
  const answer = (request: FakeSlackRequest): unknown => {
    switch (request.op) {
      case 'addChannel':
        return slack.addChannel(request.name);
      case 'addUser':
        slack.addUser({ id: request.id, name: request.name, realName: request.name });
        return true;
      case 'addUserGroup':
        slack.userGroups.set(request.id, request.members);
        slack.userGroupHandles.set(request.id, request.handle);
        return true;
      case 'channelNamed':
        return slack.channelNamed(request.name)?.id;
      case 'channelsMatching': {
        const pattern = new RegExp(request.pattern);
        return [...slack.channels.values()].filter((c) => pattern.test(c.name)).map((c) => ({ id: c.id, name: c.name }));
      }
      case 'messages': {
        const pattern = new RegExp(request.pattern);
        return slack.messages
          .filter((m) => m.receivedAt >= request.since && pattern.test(m.text))
          .map(({ channel, ts, text, receivedAt }) => ({ channel, ts, text, receivedAt }));
      }
      case 'post':
        return slack.writeAsUser(request.channel, 'UBOT', request.text);
      case 'callsByMethod': {
        const counts: Record<string, number> = {};
        for (const call of slack.calls) counts[call.method] = (counts[call.method] ?? 0) + 1;
        return counts;
      }
      case 'callCount':
        return request.method === '*' ? slack.calls.length : slack.callsTo(request.method).length;
    }
  };
  process.on('message', (message: { id: number; request: FakeSlackRequest }) => {
    process.send?.({ id: message.id, result: answer(message.request) });
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ id: 0, result: slack.apiUrl });
}

void main();

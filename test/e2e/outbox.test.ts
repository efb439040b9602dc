import type { PostedMessage } from '../support/fake-slack';
import { TestApp } from '../support/test-app';

/**
 * What a change promises (a page, a post, the summary) is recorded with the change and delivered
 * until Slack takes it: through Slack outages and refusals, never lost and never shown twice.
 */
const POLICY = `
severities:
  sev1:
    levels:
      - notify: [UONCALL]
        escalate_after: 10m
`;

const isPage = (message: PostedMessage) => /^:rotating_light: \*(?:Escalation, |Paging )level/.test(message.text);
const isPagePost = (args: Record<string, unknown>) => /(?:Escalation, |Paging )level/.test(String(args.text ?? ''));

describe('the outbox', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await TestApp.start({ escalationPolicy: POLICY, recovery: { deliveryRetryBaseMs: 100, recoverySweepMs: 200, outboxGraceMs: 1_000 } });
  });
  afterEach(() => app.stop());

  const pagesIn = (channel: string) => app.slack.messagesIn(channel).filter(isPage);
  const backlog = async () => (await app.metrics()).get('hotwash_outbox_depth');

  test('Slack answering 500 while the level-1 page is posted: the page arrives, once, when Slack recovers', async () => {
    // Two whole calls fail, at least (each call makes three or more attempts: the client retries).
    app.slack.failMatching('chat.postMessage', isPagePost, { status: 500 }, 8);
    const channel = await app.declare('sev1 Checkout down');
    const [page] = await app.slack.waitFor(() => (pagesIn(channel).length ? pagesIn(channel) : undefined), 'the page, after the outage', 10_000);
    expect(page!.text).toContain('<@UONCALL>');
    expect(app.slack.callsTo('chat.postMessage').filter((c) => isPagePost(c.args)).length).toBeGreaterThanOrEqual(9);
    await app.slack.waitFor(async () => (await backlog()) === 0, 'an empty outbox');
    expect(pagesIn(channel)).toHaveLength(1);
    const { timeline } = await app.stored(channel);
    expect(timeline.filter((e) => e.kind === 'page')).toHaveLength(1);
    expect(app.logger.lines.some((l) => l.level === 'warn' && /delivery of entry failed; it will be retried/.test(l.msg))).toBe(true);
  });

  test('a note whose post failed is saved, its author told so, and the post follows when Slack is back', async () => {
    const channel = await app.declare('sev2 Search slow');
    // More failures than one call's attempts (the client retries server errors): the first delivery fails for sure.
    app.slack.failMatching('chat.postMessage', (args) => /replica lag/.test(String(args.text ?? '')), { status: 503 }, 6);
    const reply = await app.commandInChannel('note replica lag at 40s', channel);
    expect(reply).toMatch(/It is saved on the timeline, but Slack refused `chat.postMessage` with `http_503`.*Hotwash will keep trying to deliver it\./s);
    await app.slack.waitFor(() => app.slack.messagesIn(channel).some((m) => /replica lag/.test(m.text)), 'the note in the channel');
    await app.slack.waitFor(async () => (await backlog()) === 0, 'an empty outbox');
    expect(app.slack.messagesIn(channel).filter((m) => /replica lag/.test(m.text))).toHaveLength(1);
  });

  test('while Slack is down /healthz stays 200 and names the backlog; /metrics counts it', async () => {
    const channel = await app.declare('sev2 Search slow');
    app.slack.failNext('chat.postMessage', { status: 503 }, 60);
    app.slack.failNext('chat.update', { status: 503 }, 60);
    await app.commandInChannel('note one', channel);
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as { outbox: { depth: number } };
    expect(body.outbox.depth).toBeGreaterThanOrEqual(1);
    expect((await app.metrics()).get('hotwash_delivery_failures_total{effect="entry",retry="yes"}')).toBeGreaterThanOrEqual(1);
    app.slack.recover();
    await app.slack.waitFor(async () => (await backlog()) === 0, 'an empty outbox', 10_000);
    expect(app.slack.messagesIn(channel).filter((m) => /note one|one/.test(m.text) && m.text.includes('one'))).toHaveLength(1);
  });

  test('a page Slack refuses for good is told to the lead, the channel and the person paged, and not retried', async () => {
    app.slack.failMatching('chat.postMessage', isPagePost, { error: 'msg_too_long' }, 1);
    const channel = await app.declare('sev1 Checkout down', { user: 'ULEAD' });
    const warnings = await app.slack.waitFor(() => {
      const found = app.slack.messages.filter((m) => /Hotwash could not post the level 1 page/.test(m.text));
      return found.length >= 3 ? found : undefined;
    }, 'the undeliverable page told');
    expect(warnings.map((m) => m.channel).sort()).toEqual([channel, 'ULEAD', 'UONCALL'].sort());
    expect(warnings[0]!.text).toContain('`msg_too_long`');
    await app.slack.waitFor(async () => (await backlog()) === 0, 'an empty outbox');
    expect(pagesIn(channel)).toHaveLength(0);
    expect(app.logger.errors()).toEqual([expect.stringMatching(/delivery of entry failed for good/)]);
  });

  test('an effect nobody delivered (its process died) is delivered by the sweep; one posted unseen is not posted again', async () => {
    const channel = await app.declare('sev2 Search slow');
    const [incidentId] = (await app.redis.smembers(`${app.config.redisPrefix}:incidents:open`)) as [string];
    // Two entries as a dead process would leave them: one never posted, one posted before it died.
    const entries = await Promise.all(
      ['never posted', 'posted unseen'].map(async (text, i) => {
        const seq = 100 + i;
        const id = `${incidentId}-v99-${i}`;
        const at = new Date().toISOString();
        return { id, effect: { kind: 'entry', incidentId, entry: { kind: 'note', text, seq, at, recordedAt: at, authorId: 'UALICE' } }, createdAt: at };
      }),
    );
    await app.slack.waitFor(async () => (await backlog()) === 0, 'the declaration delivered');
    await fetch(`${app.slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { Authorization: 'Bearer xoxb-test-token', 'Content-Type': 'application/json' },
      body: JSON.stringify({ channel, text: ':memo: posted unseen', metadata: { event_type: 'hotwash_effect', event_payload: { effect_id: entries[1]!.id } } }),
    });
    const p = app.config.redisPrefix;
    for (const entry of entries) {
      await app.redis.hset(`${p}:outbox:entries`, entry.id, JSON.stringify(entry));
      await app.redis.zadd(`${p}:outbox:due`, Date.now() - 1, entry.id);
      await app.redis.zadd(`${p}:outbox:created`, Date.now(), entry.id);
    }
    await app.slack.waitFor(() => app.slack.messagesIn(channel).some((m) => /never posted/.test(m.text)), 'the swept entry posted');
    await app.slack.waitFor(async () => (await backlog()) === 0, 'an empty outbox');
    expect(app.slack.messagesIn(channel).filter((m) => /never posted/.test(m.text))).toHaveLength(1);
    expect(app.slack.messagesIn(channel).filter((m) => /posted unseen/.test(m.text))).toHaveLength(1);
  });
});

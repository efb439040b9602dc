import { startHotwash } from '../../src/main';
import { type Sandbox, startSandbox } from '../../src/sandbox/sandbox';
import { forgetPrefix, testRedisUrl, uniquePrefix } from '../support/redis';

/** The sandbox's HTTP side, without a browser: what the page asks for and what it sends. */
describe('the sandbox workspace', () => {
  let sandbox: Sandbox;
  const prefix = uniquePrefix('workspace');
  let base: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ PORT: '0', REDIS_URL: testRedisUrl(), SANDBOX_REDIS_PREFIX: prefix, LOG_LEVEL: 'silent' }, startHotwash);
    base = `http://127.0.0.1:${sandbox.port}`;
  });
  afterAll(async () => {
    await sandbox.stop();
    await forgetPrefix(prefix);
  });

  /** What the page sends, and the sandbox's answer; the body is always read, so no socket outlives the test. */
  const act = async (body: unknown): Promise<{ status: number; error?: string }> => {
    const response = await fetch(`${base}/sandbox/act`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const answer = (await response.json()) as { error?: string };
    return { status: response.status, error: answer.error };
  };
  interface Seen {
    ephemeral: { text: string }[];
    channels: { name: string }[];
  }
  const state = async (user: string): Promise<Seen> => (await fetch(`${base}/sandbox/state?user=${user}`)).json() as Promise<Seen>;

  test('the page, /healthz and /metrics share one port', async () => {
    // Each body is read: an unread one keeps its socket open after the sandbox stops, and jest's worker with it.
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('sandbox/app.js');
    const script = await fetch(`${base}/sandbox/app.js`);
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('/sandbox/act');
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    await health.text();
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('hotwash_');
  });

  test('an action the sandbox does not know is refused with a reason, and stores nothing', async () => {
    const before = sandbox.slack.messages.length;
    const unknown = await act({ kind: 'teleport', user: 'UALICE' });
    expect(unknown.status).toBe(400);
    expect(unknown.error).toMatch(/not an action the sandbox knows/);
    const stranger = await act({ kind: 'message', user: 'UEVE', channel: 'CGENERAL', text: 'hi' });
    expect(stranger.status).toBe(400);
    expect(stranger.error).toBe('no such person: UEVE');
    expect((await act({ kind: 'message', user: 'UALICE', channel: 'CGENERAL', text: '' })).status).toBe(400);
    expect(sandbox.slack.messages.length).toBe(before);
  });

  test("a slash command is Slack's signed request to Hotwash, and its answer shows to the person who typed it only", async () => {
    await act({ kind: 'message', user: 'UALICE', channel: 'CGENERAL', text: '/incident help' });
    expect((await state('UALICE')).ephemeral.map((e) => e.text).join('\n')).toContain('Hotwash: incident response in Slack');
    expect((await state('UBOB')).ephemeral).toEqual([]);
  });

  test('what people type is kept as Slack keeps it: escaped, with mentions as tokens', async () => {
    await act({ kind: 'message', user: 'UBOB', channel: 'CGENERAL', text: '<b>hi</b> @UALICE & co' });
    expect(sandbox.slack.messages.at(-1)?.text).toBe('&lt;b&gt;hi&lt;/b&gt; <@UALICE> &amp; co');
  });

  test("a private incident's channel shows to its members only", async () => {
    await act({ kind: 'message', user: 'UCAROL', channel: 'CGENERAL', text: '/incident start private sev2 Payroll export leaked' });
    await sandbox.slack.waitFor(() => [...sandbox.slack.channels.values()].find((c) => sandbox.slack.privateChannels.has(c.id)), 'the private channel');
    const names = async (user: string) => (await state(user)).channels.map((c) => c.name);
    await sandbox.slack.waitFor(async () => (await names('UCAROL')).some((n) => n.startsWith('inc-')), 'Carol to see her channel');
    expect((await names('UDAVE')).some((n) => n.startsWith('inc-'))).toBe(false);
  });

  test('an unknown file is a 404', async () => {
    const missing = await fetch(`${base}/sandbox/files/F404`);
    expect(missing.status).toBe(404);
    await missing.text();
  });
});

import { TestApp } from '../support/test-app';

/** Socket Mode losing its connection: the client reconnects on its own back-off (seconds), so this is slow. */
describe('Socket Mode reconnection', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await TestApp.start({ socketMode: true });
  });
  afterEach(() => app.stop());

  test('/healthz reports a lost Socket Mode connection until the client has reconnected by itself', async () => {
    await app.slack.waitFor(() => app.slack.sockets.length === 1, 'the connection');
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    app.slack.failNext('apps.connections.open', { status: 503 }, 2); // the first reconnections fail
    app.slack.dropSockets();
    const statusesUntilHealthy: number[] = [];
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const status = (await fetch(`${app.url}/healthz`)).status;
      statusesUntilHealthy.push(status);
      if (status === 200 && statusesUntilHealthy.includes(503)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(statusesUntilHealthy).toContain(503);
    expect(statusesUntilHealthy.at(-1)).toBe(200);
    expect(app.slack.callsTo('apps.connections.open').length).toBeGreaterThanOrEqual(3);
    // And commands arrive again over the new connection.
    const { responseId } = await app.commandOverSocket('list');
    expect((await app.repliesTo(responseId))[0]).toMatch(/No open incidents|open incident/i);
  }, 30_000);
});

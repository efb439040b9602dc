import { ThrowawayRedis } from '../support/redis-server';
import { TestApp } from '../support/test-app';

describe('GET /healthz', () => {
  let redis: ThrowawayRedis;
  let app: TestApp;

  beforeAll(async () => {
    redis = await ThrowawayRedis.start();
    app = await TestApp.start({ redisUrl: redis.url });
  });
  afterAll(async () => {
    await app.stop();
    await redis.destroy();
  });

  test('200 with a JSON body while Redis answers; 503 while it does not; 200 again when it is back', async () => {
    const up = await fetch(`${app.url}/healthz`);
    expect(up.status).toBe(200);
    expect(up.headers.get('content-type')).toBe('application/json');
    expect(await up.json()).toEqual({ status: 'ok', redis: 'ok', outbox: { depth: 0, oldestAgeSeconds: 0 } });

    await redis.stop();
    const down = await fetch(`${app.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'unavailable', redis: 'unavailable' });

    await redis.start();
    // ioredis reconnects on its own schedule; the bot must recover without a restart.
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await fetch(`${app.url}/healthz`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
  });
});

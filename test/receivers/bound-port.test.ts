import { createServer } from 'node:http';
import { boundPort } from '../../src/receivers/bound-port';
import { OpsServer } from '../../src/receivers/ops-server';

describe('receivers', () => {
  test('boundPort reads the port the OS chose, and refuses a server that is not listening on TCP', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    expect(boundPort(server)).toBeGreaterThan(0);
    await new Promise((resolve) => server.close(resolve));
    expect(() => boundPort(server)).toThrow('not listening on a TCP port');
  });

  test('the ops server serves its routes and answers 404 for anything else', async () => {
    const ops = new OpsServer([{ path: '/healthz', method: ['GET'], handler: (_req, res) => res.writeHead(200).end('ok') }]);
    const port = await ops.listen(0);
    try {
      expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).text()).toBe('ok');
      expect((await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST' })).status).toBe(404);
    } finally {
      await ops.close();
    }
  });
});

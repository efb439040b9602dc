import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AnswersFirst } from '../../src/lifecycle/answers-first';

describe('AnswersFirst', () => {
  let server: Server;
  let port: number;
  const held: (() => void)[] = [];
  const answersFirst = new AnswersFirst();

  beforeAll(async () => {
    server = createServer((_req, res) => held.push(() => res.end('ok')));
    answersFirst.watch(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const send = (method = 'GET') =>
    new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method, agent: false }, (res) => res.resume().on('end', resolve));
      req.on('error', reject);
      req.end();
    });

  test('msSinceLastPost() counts from the last POST (a Slack delivery or an alert), not from health checks', async () => {
    expect(answersFirst.msSinceLastPost()).toBe(Number.POSITIVE_INFINITY);
    const probe = send('GET');
    while (held.length < 1) await new Promise((r) => setTimeout(r, 5));
    held.shift()!();
    await probe;
    expect(answersFirst.msSinceLastPost()).toBe(Number.POSITIVE_INFINITY);
    const delivery = send('POST');
    while (held.length < 1) await new Promise((r) => setTimeout(r, 5));
    expect(answersFirst.msSinceLastPost()).toBeLessThan(1_000);
    held.shift()!();
    await delivery;
  });

  test('quiet() waits while a request awaits its answer, and resolves once every one is answered', async () => {
    await expect(answersFirst.quiet()).resolves.toBeUndefined();
    const answers = [send(), send()];
    while (held.length < 2) await new Promise((r) => setTimeout(r, 5));
    let quiet = false;
    const waited = answersFirst.quiet(10_000).then(() => (quiet = true));
    held.shift()!();
    await answers[0];
    expect(quiet).toBe(false);
    held.shift()!();
    await Promise.all([...answers, waited]);
    expect(quiet).toBe(true);
  });

  test('under unbroken load it waits no longer than asked', async () => {
    const answer = send();
    while (held.length < 1) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    await answersFirst.quiet(50);
    expect(Date.now() - started).toBeLessThan(1_000);
    held.shift()!();
    await answer;
  });
});

test('defer() runs no more than its concurrency at once', async () => {
  const limited = new AnswersFirst(2);
  let running = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: 6 }, () =>
      limited.defer(async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5));
        running -= 1;
      }),
    ),
  );
  expect(most).toBe(2);
});

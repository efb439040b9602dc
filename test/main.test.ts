import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeSlack } from './support/fake-slack';
import { freePort } from './support/redis-server';
import { testRedisUrl, uniquePrefix } from './support/redis';

const root = join(__dirname, '..');

function collect(child: ChildProcess) {
  const out = { stdout: '', stderr: '' };
  child.stdout?.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out.stderr += d.toString()));
  return out;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

async function waitForHealth(url: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return (await fetch(url)).status;
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} never answered`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The process as operators run it: `npm start`, configured by environment variables only. */
describe('the hotwash process', () => {
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await new FakeSlack().start();
    const build = spawn('npm', ['run', 'build', '--silent'], { cwd: root });
    const output = collect(build);
    if ((await exited(build)) !== 0) throw new Error(`npm run build failed:\n${output.stdout}${output.stderr}`);
  }, 90_000);
  afterAll(() => slack.stop());

  const env = (port: number) => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    SLACK_BOT_TOKEN: 'xoxb-process-test',
    SLACK_SIGNING_SECRET: 'process-secret',
    SLACK_API_URL: slack.apiUrl,
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: uniquePrefix('process'),
    PORT: String(port),
  });

  test('`npm start` builds and serves /healthz', async () => {
    const port = await freePort();
    const child = spawn('npm', ['start', '--silent'], { cwd: root, env: env(port), detached: true });
    const output = collect(child);
    try {
      expect(await waitForHealth(`http://127.0.0.1:${port}/healthz`, 60_000)).toBe(200);
      expect(slack.callsTo('auth.test').map((c) => c.token)).toContain('xoxb-process-test');
      expect(output.stdout).toContain(`Hotwash is listening on port ${port}`);
    } finally {
      process.kill(-child.pid!, 'SIGTERM'); // npm and its child, as a terminal's Ctrl-C would
      await exited(child);
    }
  }, 90_000);

  test('the built process exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['dist/main.js'], { cwd: root, env: env(port) });
    const output = collect(child);
    expect(await waitForHealth(`http://127.0.0.1:${port}/healthz`, 30_000)).toBe(200);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(output.stdout).toContain('SIGTERM received; stopping');
  }, 60_000);

  test('a bad configuration stops start-up with one line naming the variable', async () => {
    const { SLACK_BOT_TOKEN: _, ...rest } = env(0);
    const child = spawn(process.execPath, ['dist/main.js'], { cwd: root, env: { ...rest, PORT: 'eighty' } });
    const output = collect(child);
    expect(await exited(child)).toBe(1);
    expect(output.stderr.trim()).toBe(
      'Configuration error: SLACK_BOT_TOKEN is required (the bot token, xoxb-…); PORT must be a port number',
    );
  }, 30_000);

  test('a postmortem template that does not parse stops start-up, naming the file and line', async () => {
    const template = join(mkdtempSync(join(tmpdir(), 'hotwash-bad-template-')), 'house.md.hbs');
    writeFileSync(template, '# {{incident.title}}\n\n{{#each timeline}}\n- {{text}}\n{{/if}}\n');
    const child = spawn(process.execPath, ['dist/main.js'], { cwd: root, env: { ...env(await freePort()), POSTMORTEM_TEMPLATE: template } });
    const output = collect(child);
    expect(await exited(child)).toBe(1);
    expect(output.stderr.trim()).toBe(`Configuration error: POSTMORTEM_TEMPLATE ${template}:3: each doesn't match if`);
  }, 30_000);
});

import { type ChildProcess, fork, spawn, type SpawnOptions } from 'node:child_process';
import { join } from 'node:path';
import type { FakeSlackRequest } from './fake-slack-process';

export { freePort } from '../../test/support/redis-server';

export const repoRoot = join(__dirname, '..', '..', '..');
const started = new Set<ChildProcess>();

/** Every child the bench starts is killed when it exits, however it exits. */
process.on('exit', () => {
  for (const child of started) if (child.exitCode === null) kill(child);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

function kill(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** A child in its own process group (so npm and what it starts die together). */
export function startChild(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  started.add(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  if (process.env.BENCH_VERBOSE) child.stdout?.on('data', (d: Buffer) => process.stderr.write(d));
  child.once('exit', (code, signal) => {
    started.delete(child);
    if (code && !signal && process.env.BENCH_VERBOSE) console.error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`);
  });
  return child;
}

export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid!, signal);
  } catch {
    child.kill(signal);
  }
  const timer = setTimeout(() => kill(child), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Polls `url` until it answers 200; returns the milliseconds since `since`. */
export async function untilHealthy(url: string, since: number, timeoutMs = 60_000): Promise<number> {
  for (;;) {
    try {
      if ((await fetch(url)).status === 200) return performance.now() - since;
    } catch {
      // not listening yet
    }
    if (performance.now() - since > timeoutMs) throw new Error(`${url} was not healthy within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The fake Slack in its own process, asked over IPC. */
export class FakeSlackChild {
  private next = 1;
  private readonly waiting = new Map<number, (result: unknown) => void>();

  private constructor(
    private readonly child: ChildProcess,
    readonly apiUrl: string,
  ) {
    child.on('message', (message: { id: number; result: unknown }) => {
      this.waiting.get(message.id)?.(message.result);
      this.waiting.delete(message.id);
    });
  }

  static async start(): Promise<FakeSlackChild> {
    const child = fork(join(__dirname, 'fake-slack-process.js'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], detached: true });
    started.add(child);
    const apiUrl = await new Promise<string>((resolve) => child.once('message', (m: { result: string }) => resolve(m.result)));
    return new FakeSlackChild(child, apiUrl);
  }

  ask<T>(request: FakeSlackRequest): Promise<T> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, (result) => resolve(result as T));
      this.child.send({ id, request });
    });
  }

  async messages(pattern: RegExp | string, since = 0): Promise<{ channel: string; ts: string; text: string; receivedAt: number }[]> {
    return this.ask({ op: 'messages', pattern: typeof pattern === 'string' ? pattern : pattern.source, since });
  }

  async stop(): Promise<void> {
    await stopChild(this.child, 'SIGKILL');
  }
}

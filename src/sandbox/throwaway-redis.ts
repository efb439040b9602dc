import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { boundPort } from '../receivers/bound-port';

export const REDIS_INSTALL_HINT =
  'No Redis answered and no redis-server binary was found. Install one (Debian/Ubuntu: `apt-get install redis-server`, ' +
  'macOS: `brew install redis`) or point REDIS_URL at a running Redis.';

export function hasRedisServerBinary(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = boundPort(server);
      server.close(() => resolve(port));
    });
  });
}

/**
 * Whether a Redis answers PING at `url`, over a bare socket: an ioredis client that met a refused
 * connection leaves a 2-second disconnect timer behind, which kept jest up after the run.
 */
export async function redisAnswers(url: string, timeoutMs = 1_000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** A redis-server of one's own (a test's, or the sandbox's when no Redis answers), on a free port, in a temporary directory. */
export class ThrowawayRedis {
  private process?: ChildProcess;
  readonly dir = mkdtempSync(join(tmpdir(), 'hotwash-redis-'));

  constructor(
    readonly port: number,
    private readonly extraArgs: string[] = ['--save', '', '--appendonly', 'no'],
  ) {}

  static async start(extraArgs?: string[]): Promise<ThrowawayRedis> {
    const redis = new ThrowawayRedis(await freePort(), extraArgs);
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  async start(): Promise<void> {
    this.process = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, ...this.extraArgs], {
      stdio: 'ignore',
    });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (await redisAnswers(this.url, 200)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server on port ${this.port} did not start within 10 s`);
  }

  /** Stops the server; SIGKILL stands for a crash or a pulled plug (no chance to write anything more). */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
    this.process = undefined;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

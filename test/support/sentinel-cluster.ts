import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, redisAnswers } from './redis-server';

export const SENTINEL_NAME = 'hotwash';

/**
 * A real Redis Sentinel deployment on loopback: a primary, a replica and three sentinels, each a
 * redis-server process of its own, so tests can fail the primary over as production would.
 */
export class SentinelCluster {
  private readonly dir = mkdtempSync(join(tmpdir(), 'hotwash-sentinel-'));
  private readonly processes = new Map<number, ChildProcess>();
  readonly sentinelPorts: number[] = [];
  redisPorts: number[] = [];

  static async start(): Promise<SentinelCluster> {
    const cluster = new SentinelCluster();
    const [primary, replica] = [await freePort(), await freePort()];
    cluster.redisPorts = [primary, replica];
    await cluster.startRedis(primary, []);
    await cluster.startRedis(replica, ['--replicaof', '127.0.0.1', String(primary)]);
    await cluster.waitFor(async () => (await cluster.info(replica, 'replication')).includes('master_link_status:up'), 'the replica in sync');
    for (let i = 0; i < 3; i += 1) {
      const port = await freePort();
      cluster.sentinelPorts.push(port);
      const conf = join(cluster.dir, `sentinel-${port}.conf`);
      writeFileSync(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${cluster.dir}`,
          `sentinel monitor ${SENTINEL_NAME} 127.0.0.1 ${primary} 2`,
          `sentinel down-after-milliseconds ${SENTINEL_NAME} 1000`,
          `sentinel failover-timeout ${SENTINEL_NAME} 5000`,
          `sentinel parallel-syncs ${SENTINEL_NAME} 1`,
          '',
        ].join('\n'),
      );
      cluster.spawn(port, [conf, '--sentinel']);
      await cluster.waitFor(() => redisAnswers(`redis://127.0.0.1:${port}`, 200), `sentinel ${port}`);
    }
    // Every sentinel knows the replica and the others before a failover can be agreed.
    await cluster.waitFor(
      async () => {
        const views = await Promise.all(cluster.sentinelPorts.map((port) => cluster.sentinel(port, ['SENTINEL', 'MASTER', SENTINEL_NAME])));
        return views.every((fields) => {
          const info = toRecord(fields as string[]);
          return info['num-slaves'] === '1' && info['num-other-sentinels'] === '2';
        });
      },
      'the sentinels to know each other and the replica',
      20_000,
    );
    return cluster;
  }

  get sentinels(): { host: string; port: number }[] {
    return this.sentinelPorts.map((port) => ({ host: '127.0.0.1', port }));
  }

  /** The port of the current primary, as the sentinels say. */
  async primaryPort(): Promise<number> {
    const [, port] = (await this.sentinel(this.sentinelPorts[0]!, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', SENTINEL_NAME])) as [string, string];
    return Number(port);
  }

  /** kill -9 of the primary: the sentinels see it down after a second and promote the replica. */
  async killPrimary(): Promise<number> {
    const port = await this.primaryPort();
    const child = this.processes.get(port)!;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
    this.processes.delete(port);
    return port;
  }

  /** Starts a killed server again, as a replica of the current primary (as an orchestrator's restart would). */
  async restartAsReplica(port: number): Promise<void> {
    await this.startRedis(port, ['--replicaof', '127.0.0.1', String(await this.primaryPort())]);
    await this.waitFor(async () => (await this.info(port, 'replication')).includes('master_link_status:up'), 'the restarted replica in sync', 20_000);
  }

  /** A planned failover (SENTINEL FAILOVER): the old primary stays, as a replica. */
  async failover(): Promise<void> {
    await this.sentinel(this.sentinelPorts[0]!, ['SENTINEL', 'FAILOVER', SENTINEL_NAME]);
  }

  /** Waits until the sentinels name a primary other than `oldPort` and it accepts writes. */
  async waitForNewPrimary(oldPort: number, timeoutMs = 20_000): Promise<number> {
    let port = oldPort;
    await this.waitFor(
      async () => {
        port = await this.primaryPort();
        return port !== oldPort && (await this.info(port, 'replication')).includes('role:master');
      },
      'a new primary',
      timeoutMs,
    );
    return port;
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.processes.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async startRedis(port: number, extra: string[]): Promise<void> {
    // As docs/reliability.md recommends: a primary that has lost its replica (demoted, or cut off)
    // stops taking writes within two seconds instead of taking writes that a failover will discard.
    this.spawn(port, [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--save',
      '',
      '--appendonly',
      'no',
      '--min-replicas-to-write',
      '1',
      '--min-replicas-max-lag',
      '2',
      ...extra,
    ]);
    await this.waitFor(() => redisAnswers(`redis://127.0.0.1:${port}`, 200), `redis ${port}`);
  }

  private spawn(port: number, args: string[]): void {
    this.processes.set(port, spawn('redis-server', args, { stdio: 'ignore' }));
  }

  private async info(port: number, section: string): Promise<string> {
    return String(await this.sentinel(port, ['INFO', section]).catch(() => ''));
  }

  private async sentinel(port: number, command: string[]): Promise<unknown> {
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return await client.call(command[0]!, ...command.slice(1));
    } finally {
      client.disconnect();
    }
  }

  private async waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check().catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function toRecord(fields: string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) record[fields[i]!] = fields[i + 1]!;
  return record;
}

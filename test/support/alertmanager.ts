import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './redis-server';

/** Debian's package installs it under this name; upstream's binary is `alertmanager`. */
const BINARIES = ['prometheus-alertmanager', 'alertmanager'];

export const ALERTMANAGER_INSTALL_HINT =
  'The real-Alertmanager test needs Prometheus Alertmanager: `apt-get install prometheus-alertmanager` (Debian/Ubuntu), ' +
  'or put an `alertmanager` binary on PATH. .ci/run installs it.';

export function alertmanagerBinary(): string | undefined {
  return BINARIES.find((name) => spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0);
}

/** A real Alertmanager of the test's own: its config, a free port, no clustering, a temporary store. */
export class RealAlertmanager {
  private process?: ChildProcess;
  readonly dir = mkdtempSync(join(tmpdir(), 'hotwash-alertmanager-'));
  output = '';

  private constructor(
    readonly binary: string,
    readonly port: number,
  ) {}

  static async start(config: string): Promise<RealAlertmanager> {
    const binary = alertmanagerBinary();
    if (!binary) throw new Error(ALERTMANAGER_INSTALL_HINT);
    const am = new RealAlertmanager(binary, await freePort());
    writeFileSync(join(am.dir, 'alertmanager.yml'), config);
    am.process = spawn(
      binary,
      [
        `--config.file=${join(am.dir, 'alertmanager.yml')}`,
        `--storage.path=${am.dir}`,
        `--web.listen-address=127.0.0.1:${am.port}`,
        '--cluster.listen-address=',
        '--log.level=debug',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    am.process.stdout?.on('data', (d) => (am.output += String(d)));
    am.process.stderr?.on('data', (d) => (am.output += String(d)));
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        if ((await fetch(`${am.url}/-/ready`)).ok) return am;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`Alertmanager did not start:\n${am.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** POST /api/v2/alerts, as Prometheus sends alerts to Alertmanager. */
  async fire(
    alerts: { labels: Record<string, string>; annotations?: Record<string, string>; startsAt?: string; endsAt?: string; generatorURL?: string }[],
  ): Promise<void> {
    const res = await fetch(`${this.url}/api/v2/alerts`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(alerts) });
    if (!res.ok) throw new Error(`Alertmanager refused the alerts: ${res.status} ${await res.text()}`);
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

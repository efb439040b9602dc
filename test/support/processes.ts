import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(__dirname, '..', '..');

/** A child's output, as it arrives. */
export function collect(child: ChildProcess) {
  const out = { stdout: '', stderr: '' };
  child.stdout?.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out.stderr += d.toString()));
  return out;
}

/** Resolves with the exit code (null when a signal ended it) once the child has exited. */
export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/**
 * Every process a test starts, so that one a failed test left running is killed after the
 * file: jest runs in band on small machines, and a live child would keep it from exiting.
 */
const running = new Map<ChildProcess, { group: boolean }>();
export function startProcess(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, options);
  running.set(child, { group: Boolean(options.detached) });
  child.once('exit', () => running.delete(child));
  return child;
}
export function killAllStarted(): void {
  for (const [child, { group }] of running) {
    if (group)
      process.kill(-child.pid!, 'SIGKILL'); // npm and what it started
    else child.kill('SIGKILL');
  }
}

export async function waitForHealth(url: string, timeoutMs: number): Promise<number> {
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

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** `npm run build`, unless dist/ is newer than every file of src/ (another test file built it). */
export async function buildOnce(): Promise<void> {
  try {
    if (statSync(join(root, 'dist', 'main.js')).mtimeMs > newestMtime(join(root, 'src'))) return;
  } catch {
    // not built yet
  }
  const build = startProcess('npm', ['run', 'build', '--silent'], { cwd: root });
  const output = collect(build);
  if ((await exited(build)) !== 0) throw new Error(`npm run build failed:\n${output.stdout}${output.stderr}`);
}

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { configSchema } from '../src/config/environment';
import { SANDBOX_VARIABLES } from '../src/config/sandbox-mode';
import { freePort, redisAnswers } from './support/redis-server';

const root = join(__dirname, '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const variables = [...Object.keys(configSchema.shape), ...SANDBOX_VARIABLES];

/** docker-compose.yml cannot be run here (no Docker engine), so its shape is checked by reading it. */
describe('docker-compose.yml', () => {
  // biome-ignore lint/suspicious/noExplicitAny: parsed YAML of a shape this test checks field by field.
  const compose = parse(read('docker-compose.yml')) as { services: Record<string, any>; volumes: Record<string, unknown> };

  test('Redis persists every write, never evicts, and reports its health', () => {
    const redis = compose.services.redis;
    const command: string[] = redis.command;
    expect(command.join(' ')).toContain('--appendonly yes');
    expect(command.join(' ')).toContain('--maxmemory-policy noeviction');
    expect(redis.volumes).toEqual(['redis-data:/data']);
    expect(Object.keys(compose.volumes)).toContain('redis-data');
    expect(redis.healthcheck.test).toEqual(['CMD', 'redis-cli', 'ping']);
  });

  test('the bot builds from this repository, reads .env and waits for a healthy Redis', () => {
    const bot = compose.services.hotwash;
    expect(existsSync(join(root, bot.build, 'Dockerfile'))).toBe(true);
    expect(bot.env_file).toBe('.env');
    expect(bot.environment.REDIS_URL).toBe('redis://redis:6379');
    expect(bot.depends_on.redis.condition).toBe('service_healthy');
    expect(bot.ports).toEqual([`${bot.environment.PORT}:3000`]);
  });

  test('the bot gets longer to stop than its own shutdown bound (30 s backstop in src/main.ts)', () => {
    expect(compose.services.hotwash.stop_grace_period).toBe('30s');
  });

  describe('the "ha" profile', () => {
    const ha = Object.entries(compose.services).filter(([, service]) => service.profiles?.includes('ha'));

    test('is a primary, a replica of it, and three sentinels, started only with --profile ha', () => {
      expect(ha.map(([name]) => name).sort()).toEqual(['redis-primary', 'redis-replica', 'sentinel-1', 'sentinel-2', 'sentinel-3']);
      expect(compose.services.redis.profiles).toBeUndefined();
      expect(compose.services['redis-replica'].command.join(' ')).toContain('--replicaof redis-primary 6379');
    });

    // No Docker engine here, but the same redis-server binary: what the profile passes it, it must accept.
    test('every Redis in it starts with its flags, and every sentinel with its configuration', async () => {
      for (const name of ['redis-primary', 'redis-replica']) {
        const flags = (compose.services[name].command as string[])
          .slice(1)
          .join(' ')
          .replace(/--replicaof \S+ \d+/, '')
          .replace(/redis-(primary|replica)/g, '127.0.0.1');
        await expect(startsWith(flags.split(' ').filter(Boolean))).resolves.toBe(true);
      }
      const script = (compose.services['sentinel-1'].command as string[])[2]!;
      const conf = /<<EOF\n([\s\S]*?)EOF/.exec(script)![1]!.replace(/^ +/gm, '').replace('redis-primary', '127.0.0.1');
      const dir = mkdtempSync(join(tmpdir(), 'hotwash-compose-sentinel-'));
      writeFileSync(join(dir, 'sentinel.conf'), conf);
      expect(['sentinel-2', 'sentinel-3'].map((name) => compose.services[name].command)).toEqual([
        compose.services['sentinel-1'].command,
        compose.services['sentinel-1'].command,
      ]);
      await expect(startsWith([join(dir, 'sentinel.conf'), '--sentinel'], 'sentinel')).resolves.toBe(true);
    }, 20_000);
  });
});

/** Starts redis-server with `args` on a free port; true when it answers PING (sentinels answer too). */
async function startsWith(args: string[], mode: 'server' | 'sentinel' = 'server'): Promise<boolean> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'hotwash-compose-redis-'));
  const child = spawn(
    'redis-server',
    mode === 'server' ? [...args, '--port', String(port), '--dir', dir, '--bind', '127.0.0.1'] : [...args, '--port', String(port)],
    { stdio: 'ignore' },
  );
  try {
    for (let i = 0; i < 50; i += 1) {
      if (await redisAnswers(`redis://127.0.0.1:${port}`, 200)) return true;
      if (child.exitCode !== null) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  } finally {
    child.kill('SIGKILL');
  }
}

describe('configuration docs', () => {
  test('.env.example lists every variable the app reads, and no other', () => {
    const listed = [...read('.env.example').matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual([...variables].sort());
  });

  test('the README documents every variable', () => {
    const readme = read('README.md');
    for (const name of variables) expect(readme).toContain(`\`${name}\``);
  });

  test('the Dockerfile runs node directly as a non-root user', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
  });

  test('the Dockerfile builds in one stage and ships production dependencies only, with a health check', () => {
    const dockerfile = read('Dockerfile');
    const stages = dockerfile.match(/^FROM node:(\d+)-\S+/gm) ?? [];
    expect(stages).toHaveLength(2);
    // Even-numbered Node releases are the LTS lines.
    for (const stage of stages) expect(Number(/node:(\d+)/.exec(stage)![1]) % 2).toBe(0);
    expect(dockerfile).toContain('npm ci --omit=dev');
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
  });
});

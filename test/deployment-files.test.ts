import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { configSchema } from '../src/config/environment';

const root = join(__dirname, '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const variables = Object.keys(configSchema.shape);

/** docker-compose.yml cannot be run here (no Docker engine), so its shape is checked by reading it. */
describe('docker-compose.yml', () => {
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
});

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

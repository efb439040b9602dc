import { z } from 'zod';
import { ConfigError } from '../errors';

/**
 * When `npm start` runs the sandbox (src/sandbox) instead of connecting to Slack: when asked
 * (SANDBOX=1), or when no Slack app is configured outside production. In production a missing
 * token stays the configuration error it always was: a broken deployment must never quietly
 * become a sandbox.
 */
export function wantsSandbox(env: NodeJS.ProcessEnv): boolean {
  if (env.SANDBOX === '1') return true;
  return !env.SLACK_BOT_TOKEN && env.NODE_ENV !== 'production';
}

const sandboxSchema = z.object({
  SANDBOX: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['1', '0'], { error: 'must be 1 or unset' }).optional()),
  SANDBOX_REDIS_PREFIX: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, { error: 'must be letters, digits, _ . - (up to 64)' })
      .default('hotwash-sandbox'),
  ),
  SANDBOX_DEMO_PAUSE_MS: z.preprocess(
    (v) => (v === '' || v === undefined ? undefined : Number(v)),
    z.number({ error: 'must be a number of milliseconds' }).int().min(0).max(60_000).default(1_500),
  ),
});

/** The sandbox's own variables (documented in .env.example and docs/sandbox.md). */
export const SANDBOX_VARIABLES = Object.keys(sandboxSchema.shape);

export interface SandboxSettings {
  redisPrefix: string;
  demoPauseMs: number;
}

export function sandboxSettings(env: NodeJS.ProcessEnv): SandboxSettings {
  const parsed = sandboxSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(`Configuration error: ${problems.join('; ')}`);
  }
  return { redisPrefix: parsed.data.SANDBOX_REDIS_PREFIX, demoPauseMs: parsed.data.SANDBOX_DEMO_PAUSE_MS };
}

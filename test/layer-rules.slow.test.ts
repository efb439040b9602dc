import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The layer rules (.dependency-cruiser.cjs, run by `npm test`) catch what they promise: a copy of
 * src/ with one forbidden import added must fail them, naming the rule.
 */
const ROOT = join(__dirname, '..');

function cruiseWith(files: Record<string, string>): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hotwash-layers-'));
  try {
    cpSync(join(ROOT, 'src'), join(dir, 'src'), { recursive: true });
    cpSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    for (const [file, source] of Object.entries(files)) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), source);
    }
    const run = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'src', '--config', join(ROOT, '.dependency-cruiser.cjs')],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('layer rules', () => {
  test('an import of @slack/bolt under src/domain fails them, and so does the service reaching into the Redis adapter', () => {
    // One cruise of a copy of src/ with both violations added: each must be named.
    const { status, output } = cruiseWith({
      'src/domain/leak.ts': "import { App } from '@slack/bolt';\nexport const app = App;\n",
      'src/service/leak.ts': "import { RedisOutbox } from '../store/redis-outbox';\nexport const outbox = RedisOutbox;\n",
    });
    expect(status).not.toBe(0);
    expect(output).toMatch(/domain-is-pure: src\/domain\/leak\.ts → \S*node_modules\/@slack\/bolt\//);
    expect(output).toMatch(/service-uses-ports: src\/service\/leak\.ts → src\/store\/redis-outbox\.ts/);
  }, 20_000);
});

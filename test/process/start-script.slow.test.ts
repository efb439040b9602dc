import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../support/processes';

/**
 * `npm start` (scripts/start.js) builds only when something it is built from changed. Checked on
 * a project of one file, inside the repository so that `typescript` resolves as it does for ours.
 */
describe('npm start', () => {
  let dir: string;
  beforeAll(() => {
    mkdirSync(join(root, 'node_modules', '.cache'), { recursive: true });
    dir = mkdtempSync(join(root, 'node_modules', '.cache', 'start-script-'));
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'scripts'));
    copyFileSync(join(root, 'scripts', 'start.js'), join(dir, 'scripts', 'start.js'));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'ES2022', strict: true, types: [] } }));
    writeFileSync(
      join(dir, 'tsconfig.build.json'),
      JSON.stringify({ extends: './tsconfig.json', compilerOptions: { rootDir: 'src', outDir: 'dist' }, include: ['src'] }),
    );
    writeFileSync(join(dir, 'src', 'main.ts'), "export function runFromCommandLine(): void { console.log('ran one'); }\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const start = () => execFileSync(process.execPath, [join(dir, 'scripts', 'start.js')], { cwd: dir, encoding: 'utf8' });
  const builtAt = () => statSync(join(dir, 'dist', 'main.js')).mtimeMs;

  test('builds the first time, skips the build when nothing changed, and builds again after an edit', () => {
    expect(start()).toContain('ran one');
    const first = builtAt();

    expect(start()).toContain('ran one');
    expect(builtAt()).toBe(first);

    writeFileSync(join(dir, 'src', 'main.ts'), "export function runFromCommandLine(): void { console.log('ran two'); }\n");
    const later = new Date(Date.now() + 2_000); // past the stamp, whatever the file system's time resolution
    utimesSync(join(dir, 'src', 'main.ts'), later, later);
    expect(start()).toContain('ran two');
  }, 60_000);
});

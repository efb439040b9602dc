// `npm start`: compiles src/ into dist/ only when something it is built from changed since the
// last build (tsc takes seconds; checking takes milliseconds), then runs Hotwash in this process.
const { spawnSync } = require('node:child_process');
const { readdirSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const stamp = join(root, 'dist', '.built');
const inputs = ['src', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'].map((name) => join(root, name));

/** The newest modification time under `path` (0 when it does not exist: a deployment ships dist/ only). */
function newest(path) {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), stats.mtimeMs);
}

const builtAt = newest(stamp);
if (builtAt === 0 || inputs.some((input) => newest(input) > builtAt)) {
  const startedAt = new Date();
  const tsc = require.resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // Stamped with the time the build began, so an edit made during the build still counts as new.
  writeFileSync(stamp, '');
  utimesSync(stamp, startedAt, startedAt);
}
require('../dist/main.js').runFromCommandLine();

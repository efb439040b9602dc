import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const dir = join(__dirname, '..', 'fixtures', 'postmortems');

/**
 * Compares `actual` with the checked-in golden file. UPDATE_GOLDEN=1 rewrites it instead;
 * review the diff before committing, since the golden file is the reviewed expectation.
 */
export function expectGolden(name: string, actual: string): void {
  const file = join(dir, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  if (!existsSync(file)) throw new Error(`Golden file ${name} is missing; write it with UPDATE_GOLDEN=1 and review it.`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/**
 * `npm run bench [-- figure…]`: every performance figure of Hotwash beside its floor, measured in
 * the same run and process tree, printed as one table. Figures: ack, pages, postmortem, start,
 * memory (all when none is named). See docs/benchmarks.md.
 */
import { cpus } from 'node:os';
import { ackFigures } from './figures/ack';
import { memoryFigures } from './figures/memory';
import { pageFigures } from './figures/pages';
import { postmortemFigures } from './figures/postmortem';
import { startFigures } from './figures/start';
import { machineQuiet } from './support/machine-quiet';
import { type Row, met, printTable } from './support/row';

const FIGURES: Record<string, () => Promise<Row[]>> = {
  ack: ackFigures,
  pages: pageFigures,
  postmortem: postmortemFigures,
  start: startFigures,
  memory: memoryFigures,
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in FIGURES));
  if (unknown.length) {
    console.error(`unknown figure ${unknown.join(', ')}; the figures are: ${Object.keys(FIGURES).join(', ')}`);
    process.exit(2);
  }
  const rows: Row[] = [];
  for (const name of asked.length ? asked : Object.keys(FIGURES)) {
    await machineQuiet();
    console.error(`running ${name}…`);
    rows.push(...(await FIGURES[name]!()));
  }
  console.log(`\n${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.trim()}, node ${process.version}\n`);
  printTable(rows);
  process.exit(rows.every(met) ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});

/**
 * Loaded into a measured process with `--require`: records every stall of its event loop over
 * 15 ms (a 10 ms timer that fired more than 25 ms after the one before) and writes them, as
 * [epoch ms, ms stalled] pairs, to LOOP_STALLS_FILE when the process exits.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.LOOP_STALLS_FILE;
if (file) {
  const stalls: [number, number][] = [];
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    if (now - last > 25) stalls.push([Math.round(performance.timeOrigin + now), Math.round(now - last - 10)]);
    last = now;
  }, 10).unref();
  process.on('exit', () => writeFileSync(file, JSON.stringify(stalls)));
}

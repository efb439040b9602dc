import { getHeapSpaceStatistics } from 'node:v8';

/** The event loop's utilisation (0 to 1) since the last call of the returned function. */
export function utilizationSinceLastCall(): () => number {
  let last = performance.eventLoopUtilization();
  return () => {
    const since = performance.eventLoopUtilization(last);
    last = performance.eventLoopUtilization();
    return since.utilization;
  };
}

/** V8's young generation now: its committed size and what it holds (bytes). */
export function youngGeneration(): { size: number; used: number } {
  const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  return { size: space?.space_size ?? 0, used: space?.space_used_size ?? 0 };
}

/** What V8's old generation holds now (bytes). */
export function oldGenerationUsed(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')?.space_used_size ?? 0;
}

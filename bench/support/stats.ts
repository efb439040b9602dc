/** The value below which a share `q` of `values` fall (nearest rank). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const median = (values: readonly number[]) => quantile(values, 0.5);
export const p99 = (values: readonly number[]) => quantile(values, 0.99);

/** A burst's spread for a verbose line: its fastest, median and slowest value, rounded. */
export function spread(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `min ${sorted[0]!.toFixed(0)} p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} max ${sorted.at(-1)!.toFixed(0)} ms`;
}

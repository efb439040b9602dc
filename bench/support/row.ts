/** One line of the bench table. */
export interface Row {
  figure: string;
  hotwash: number;
  /** The floor program's figure in the same run; absent where the target is absolute. */
  floor?: number;
  unit: 'ms' | 'MB' | 's';
  /** hotwash/floor must stay at or under this… */
  maxRatio?: number;
  /** …or at most this much over the floor… */
  maxExcess?: number;
  /** …or hotwash itself at or under this. With none of the three, the row is a reading: no target. */
  maxValue?: number;
  /** What was checked besides the timing (nothing lost, nothing doubled). */
  check?: string;
  /**
   * A reading of the bench itself (two processes of one program), not a target: within
   * 1/maxRatio..maxRatio, the bench resolves its targets in this run; wider, it does not.
   */
  resolution?: true;
}

/** Whether a target is met; a resolution row is no target and never fails the run. */
export function met(row: Row): boolean {
  if (row.resolution) return true;
  if (row.maxRatio !== undefined && row.floor !== undefined) return row.hotwash / row.floor <= row.maxRatio;
  if (row.maxExcess !== undefined && row.floor !== undefined) return row.hotwash - row.floor <= row.maxExcess;
  if (row.maxValue !== undefined) return row.hotwash <= row.maxValue;
  return true;
}

export function printTable(rows: Row[]): void {
  const fmt = (v: number | undefined, unit: string) => (v === undefined ? '' : `${v.toFixed(v < 10 ? 2 : 0)} ${unit}`);
  const lines = rows.map((r) => [
    r.figure,
    fmt(r.hotwash, r.unit),
    fmt(r.floor, r.unit),
    r.floor !== undefined ? `${(r.hotwash / r.floor).toFixed(2)}×` : '',
    r.resolution
      ? `within ${r.maxRatio}× either way`
      : r.maxRatio !== undefined
        ? `≤ ${r.maxRatio}×`
        : r.maxExcess !== undefined
          ? `≤ floor + ${r.maxExcess} ${r.unit}`
          : r.maxValue !== undefined
            ? `≤ ${r.maxValue} ${r.unit}`
            : '(a reading)',
    r.resolution ? (resolves(r) ? 'resolves' : 'too coarse') : !hasTarget(r) ? '' : met(r) ? 'met' : 'NOT MET',
    r.check ?? '',
  ]);
  const header = ['figure', 'Hotwash', 'floor', 'ratio', 'target', '', 'checked'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const l of lines) console.log(line(l));
}

function hasTarget(row: Row): boolean {
  return row.maxRatio !== undefined || row.maxExcess !== undefined || row.maxValue !== undefined;
}

/** Whether two readings of one program came within `maxRatio` of each other, either way round. */
function resolves(row: Row): boolean {
  const ratio = row.hotwash / (row.floor ?? Number.NaN);
  return row.maxRatio !== undefined && ratio <= row.maxRatio && ratio >= 1 / row.maxRatio;
}

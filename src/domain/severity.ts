export const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const DEFAULT_SEVERITY: Severity = 'sev3';

export function isSeverity(value: string): value is Severity {
  return SEVERITIES.some((severity) => severity === value);
}

export const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const DEFAULT_SEVERITY: Severity = 'sev3';

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** What each level means, for help texts and the summary. */
export const SEVERITY_MEANING: Record<Severity, string> = {
  sev1: 'critical: a core service is down for many customers',
  sev2: 'major: a core feature is broken or badly degraded',
  sev3: 'minor: partial degradation, a workaround exists',
  sev4: 'low: little customer impact',
};

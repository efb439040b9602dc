export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export function isIncidentStatus(value: string): value is IncidentStatus {
  return INCIDENT_STATUSES.some((status) => status === value);
}

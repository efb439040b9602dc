import { SEVERITIES, type Severity } from '../severity';

/** Where an alert came from: Alertmanager's webhook (Grafana sends the same), or the PagerDuty Events API v2. */
export type AlertSource = 'alertmanager' | 'pagerduty';

export const ALERT_SOURCE_NAMES: Record<AlertSource, string> = { alertmanager: 'Alertmanager', pagerduty: 'PagerDuty Events' };

/** One alert of a group, as its sender last described it. */
export interface AlertInstance {
  /** Stable for the alert (Alertmanager's fingerprint; PagerDuty's dedup key). */
  fingerprint: string;
  name: string;
  status: 'firing' | 'resolved';
}

export interface AlertLink {
  label: string;
  url: string;
}

/**
 * One notification about an alert group, whichever door it came through. `key` names the group
 * (Alertmanager's groupKey, PagerDuty's dedup_key): while its incident is open, every
 * notification with that key is about that incident.
 */
export interface AlertNotification {
  source: AlertSource;
  key: string;
  /** trigger: the group fires (or still does); resolve: it stopped; acknowledge: someone took it at the source. */
  action: 'trigger' | 'resolve' | 'acknowledge';
  title: string;
  severity: Severity;
  alerts: AlertInstance[];
  links: AlertLink[];
}

/** What an incident remembers of the alert group that declared it. */
export interface IncidentAlert {
  source: AlertSource;
  key: string;
  links: AlertLink[];
  /** Each alert's last known status, so a repeated notification adds nothing. */
  alerts: Record<string, 'firing' | 'resolved'>;
  /** The incident this group declared before, when it fired again after that one closed. */
  previousIncidentId?: string;
  /** The group as a whole resolved (until it fires again). */
  resolved?: boolean;
}

const SEVERITY_WORDS: Record<string, Severity> = { critical: 'sev1', error: 'sev2', warning: 'sev3', info: 'sev4' };

/** critical→sev1, error→sev2, warning→sev3, info→sev4; sev1…sev4 and P1…P4 as they are; anything else sev3. */
export function severityOfAlert(text: string | undefined): Severity {
  const word = (text ?? '').trim().toLowerCase();
  const numbered = /^(?:sev-?|p)([1-4])$/.exec(word);
  if (numbered) return SEVERITIES[Number(numbered[1]) - 1]!;
  return SEVERITY_WORDS[word] ?? 'sev3';
}

/** How alerts from monitoring are taken in (the `alerts:` section of the policy file). */
export interface AlertPolicy {
  /** The alert group resolving resolves its incident too (default: no, people decide). */
  autoResolve: boolean;
  /** At most this many incidents declared by alerts a minute; beyond, alerts land on one "Alert storm" incident. */
  maxNewPerMinute: number;
}

export const DEFAULT_ALERT_POLICY: AlertPolicy = { autoResolve: false, maxNewPerMinute: 10 };

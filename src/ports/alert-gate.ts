/**
 * Keeps alert intake orderly across replicas: one declaration per alert group at a time, and
 * no more than so many alert-declared incidents a minute.
 */
export interface AlertGate {
  /** True for the one caller that may declare `key`'s incident now (held about a minute, or until released). */
  claim(key: string): Promise<boolean>;
  release(key: string): Promise<void>;
  /** Counts one declaration in `now`'s minute; false when that would exceed `perMinute`. */
  admit(now: Date, perMinute: number): Promise<boolean>;
}

import type { AlertGate } from '../../../src/ports/alert-gate';

/** The alert gate in memory. */
export class InMemoryAlertGate implements AlertGate {
  readonly claimed = new Set<string>();
  private readonly perMinute = new Map<number, number>();

  async claim(key: string): Promise<boolean> {
    if (this.claimed.has(key)) return false;
    this.claimed.add(key);
    return true;
  }

  async release(key: string): Promise<void> {
    this.claimed.delete(key);
  }

  async admit(now: Date, perMinute: number): Promise<boolean> {
    const minute = Math.floor(now.getTime() / 60_000);
    const count = (this.perMinute.get(minute) ?? 0) + 1;
    this.perMinute.set(minute, count);
    return count <= perMinute;
  }
}

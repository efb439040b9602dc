import type { AlertGate } from '../../../src/ports/alert-gate';
import { InMemoryClaims } from './claims';

/** The alert gate in memory. */
export class InMemoryAlertGate extends InMemoryClaims implements AlertGate {
  private readonly perMinute = new Map<number, number>();

  async admit(now: Date, perMinute: number): Promise<boolean> {
    const minute = Math.floor(now.getTime() / 60_000);
    const count = (this.perMinute.get(minute) ?? 0) + 1;
    this.perMinute.set(minute, count);
    return count <= perMinute;
  }
}

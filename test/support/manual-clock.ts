/** A clock tests move by hand, so backdated times and durations are exact. */
export class ManualClock {
  private current: Date;

  constructor(start: string | Date) {
    this.current = new Date(start);
  }

  readonly now = (): Date => new Date(this.current);

  set(at: string | Date): void {
    this.current = new Date(at);
  }

  advance(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
}

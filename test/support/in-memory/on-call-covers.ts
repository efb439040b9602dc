import type { Cover, OnCallCovers } from '../../../src/ports/on-call-covers';

/** Covers in memory. */
export class InMemoryOnCallCovers implements OnCallCovers {
  readonly covers: Cover[] = [];

  async add(cover: Cover): Promise<void> {
    this.covers.push(structuredClone(cover));
  }

  async current(now: Date): Promise<Cover[]> {
    return this.covers.filter((c) => c.to > now).map((c) => structuredClone(c));
  }
}

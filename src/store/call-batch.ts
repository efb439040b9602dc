import { setTimeout as delay } from 'node:timers/promises';

/**
 * Gathers what is asked of Redis for `gatherMs` and sends it in one call: in a burst (everyone
 * typing at once, a storm of pages) that is one write and one reply for them all instead of one
 * each. A while rather than one turn of the event loop, because a burst's items come a turn or two
 * apart. `send` returns one outcome per item, in order.
 */
export class CallBatch<Item, Outcome> {
  private pending: { items: Item[]; outcomes: Promise<readonly Outcome[]> } | undefined;

  constructor(
    private readonly send: (items: Item[]) => Promise<readonly Outcome[]>,
    private readonly gatherMs: number,
  ) {}

  /** Adds `item` to the call being gathered; resolves with its outcome, or rejects with the call's failure. */
  add(item: Item): Promise<Outcome | undefined> {
    if (!this.pending) {
      const items: Item[] = [];
      const outcomes = delay(this.gatherMs).then(() => {
        this.pending = undefined;
        return this.send(items);
      });
      this.pending = { items, outcomes };
    }
    const index = this.pending.items.push(item) - 1;
    return this.pending.outcomes.then((outcomes) => outcomes[index]);
  }
}

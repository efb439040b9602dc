import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Gathers what is asked of Redis in one turn of the event loop and sends it in one call at the
 * end of that turn: in a burst (everyone typing at once, a storm of pages) that is one write and
 * one reply for them all instead of one each. `send` returns one outcome per item, in order.
 */
export class TurnBatch<Item, Outcome> {
  private pending: { items: Item[]; outcomes: Promise<readonly Outcome[]> } | undefined;

  constructor(private readonly send: (items: Item[]) => Promise<readonly Outcome[]>) {}

  /** Adds `item` to this turn's call; resolves with its outcome, or rejects with the call's failure. */
  add(item: Item): Promise<Outcome | undefined> {
    if (!this.pending) {
      const items: Item[] = [];
      const outcomes = nextTurn().then(() => {
        this.pending = undefined;
        return this.send(items);
      });
      this.pending = { items, outcomes };
    }
    const index = this.pending.items.push(item) - 1;
    return this.pending.outcomes.then((outcomes) => outcomes[index]);
  }
}

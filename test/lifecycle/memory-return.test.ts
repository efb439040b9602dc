import { PerformanceObserver, constants } from 'node:perf_hooks';
import { MemoryReturn, type MemoryReturnOptions, v8Collections } from '../../src/lifecycle/memory-return';

const MB = 1024 * 1024;
const quietFor = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Keeps the event loop busy for `ms`, in a turn of its own (the loop counts a turn's activity when the turn ends). */
const busyFor = async (ms: number) => {
  await new Promise((resolve) => setImmediate(resolve));
  const until = performance.now() + ms;
  while (performance.now() < until);
  await new Promise((resolve) => setImmediate(resolve));
};

/** Looks every 100 ms until one collects, ten at most: on a shared machine one look may still see jest itself busy. */
async function collectedWithinQuietLooks(returned: MemoryReturn): Promise<boolean> {
  for (let look = 0; look < 10; look += 1) {
    await quietFor(100);
    if (returned.look()) return true;
  }
  return false;
}

describe('MemoryReturn', () => {
  function subject(heap: { total: number }, afterCollection: number) {
    const collections: number[] = [];
    const returned = new MemoryReturn({
      heapAboveBytes: 100 * MB,
      // Quiet is relative: jest itself runs beside the test, so the bar is higher than in production.
      quietBelow: 0.3,
      quietLooks: 1,
      heapTotal: () => heap.total,
      collect: () => {
        collections.push(heap.total);
        heap.total = afterCollection;
      },
      collectYoung: () => undefined,
      youngTotal: () => 1 * MB,
    });
    return { returned, collections };
  }

  test('collects once the heap has grown past the bar and the event loop was quiet since the last look', async () => {
    const heap = { total: 250 * MB };
    const { returned, collections } = subject(heap, 60 * MB);
    expect(await collectedWithinQuietLooks(returned)).toBe(true);
    expect(collections).toEqual([250 * MB]);
    await quietFor(100);
    expect(returned.look()).toBe(false); // back under the bar
  });

  /** MemoryReturn with a scripted event loop: each look reads the next utilisation. */
  function scripted(
    heap: { total: number; young?: number },
    afterCollection: number,
    utilizations: number[],
    looksBefore: Pick<MemoryReturnOptions, 'quietLooks' | 'msSinceLastRequest'> = { quietLooks: 1 },
    youngAfterCollection: number[] = [],
  ) {
    const collections: number[] = [];
    const young: number[] = [];
    const returned = new MemoryReturn({
      heapAboveBytes: 100 * MB,
      ...looksBefore,
      heapTotal: () => heap.total,
      youngTotal: () => heap.young ?? 1 * MB,
      collect: () => {
        collections.push(heap.total);
        heap.total = afterCollection;
        heap.young = youngAfterCollection.shift() ?? heap.young;
      },
      collectYoung: () => young.push(heap.total),
      loopUtilization: () => utilizations.shift() ?? 0,
    });
    const looks = () => Array.from({ length: utilizations.length }, () => returned.look());
    return { looks, collections, young };
  }

  test('by default the collection waits for three quiet looks in a row, each under a tenth busy: a pause between two bursts is not their end', () => {
    const { looks, collections, young } = scripted({ total: 250 * MB }, 70 * MB, [0, 0.06, 0.4, 0.09, 0.02, 0.4, 0, 0.01, 0.05, 0, 0], {});
    expect(looks()).toEqual([false, false, false, false, false, false, false, false, true, false, false]);
    expect(collections).toEqual([250 * MB]);
    // A young collection at the first look of each quiet stretch, while the heap is over the bar.
    expect(young).toEqual([250 * MB, 250 * MB, 250 * MB]);
  });

  test('a young generation still grown after the collection gets one more, after three more quiet looks in a row', () => {
    const { looks, collections } = scripted(
      { total: 250 * MB, young: 32 * MB },
      70 * MB,
      [0, 0, 0, 0, 0, 0.4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      {},
      [32 * MB, 32 * MB], // the first does not shrink it; neither does the second: no third
    );
    expect(looks()).toEqual([false, false, true, false, false, false, false, false, true, false, false, false, false, false, false, false, false]);
    expect(collections).toEqual([250 * MB, 70 * MB]);
  });

  test('a look during which someone asked something is not quiet, however idle the event loop', () => {
    const askedAgo = [5_000, 200, 5_000, 5_000, 5_000];
    const { looks, collections } = scripted({ total: 250 * MB }, 70 * MB, [0.01, 0.01, 0.01, 0.01, 0.01], {
      msSinceLastRequest: () => askedAgo.shift() ?? 5_000,
    });
    expect(looks()).toEqual([false, false, false, false, true]);
    expect(collections).toEqual([250 * MB]);
  });

  test('no follow-up when the first collection already shrank the young generation', () => {
    const { looks, collections } = scripted({ total: 250 * MB, young: 32 * MB }, 70 * MB, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], {}, [1 * MB]);
    expect(looks()).toEqual([false, false, true, false, false, false, false, false, false, false]);
    expect(collections).toEqual([250 * MB]);
  });

  test('a heap that grows while the loop is busy waits for the first quiet look', () => {
    const { looks, collections } = scripted({ total: 250 * MB }, 70 * MB, [0.9, 0.6, 0.2, 0.04]);
    expect(looks()).toEqual([false, false, false, true]);
    expect(collections).toEqual([250 * MB]);
  });

  test('waits while the event loop is busy: a burst still under way is not interrupted', async () => {
    const heap = { total: 250 * MB };
    const { returned, collections } = subject(heap, 60 * MB);
    await busyFor(100);
    expect(returned.look()).toBe(false);
    expect(collections).toEqual([]);
  });

  test('a small heap is left alone, however quiet', async () => {
    const heap = { total: 80 * MB };
    const { returned, collections } = subject(heap, 60 * MB);
    await quietFor(100);
    expect(returned.look()).toBe(false);
    expect(collections).toEqual([]);
  });

  test('when what is alive is itself large, the bar rises to twice that: no collection after collection', async () => {
    const heap = { total: 300 * MB };
    const { returned, collections } = subject(heap, 180 * MB);
    expect(await collectedWithinQuietLooks(returned)).toBe(true);
    heap.total = 250 * MB; // grown again, but not past twice what was alive
    expect(await collectedWithinQuietLooks(returned)).toBe(false);
    heap.total = 400 * MB;
    expect(await collectedWithinQuietLooks(returned)).toBe(true);
    expect(collections).toEqual([300 * MB, 400 * MB]);
  });
});

describe('v8Collections', () => {
  test('runs real collections of V8 in this process: a major one, and a young one', async () => {
    const majors: number[] = [];
    const minors: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const { detail } = entry as typeof entry & { detail?: { kind?: number } };
        const kind = detail?.kind;
        if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) majors.push(entry.duration);
        if (kind === constants.NODE_PERFORMANCE_GC_MINOR) minors.push(entry.duration);
      }
    });
    observer.observe({ entryTypes: ['gc'] });
    try {
      const { collect, collectYoung } = v8Collections();
      collect();
      collectYoung();
      // gc entries are delivered asynchronously
      for (let waited = 0; (majors.length === 0 || minors.length === 0) && waited < 2_000; waited += 20) await quietFor(20);
      expect(majors.length).toBeGreaterThanOrEqual(1);
      expect(minors.length).toBeGreaterThanOrEqual(1);
    } finally {
      observer.disconnect();
    }
  });
});

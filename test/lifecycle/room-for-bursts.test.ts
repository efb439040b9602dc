import { getHeapSpaceStatistics } from 'node:v8';
import { RoomForBursts, type RoomForBurstsOptions } from '../../src/lifecycle/room-for-bursts';

const MB = 1024 * 1024;

describe('RoomForBursts', () => {
  /** RoomForBursts over a scripted process: each look reads the next utilisation and time since the last request. */
  function scripted(looks: { utilization: number; msSinceRequest: number; youngUsed: number; oldUsed?: number }[], options: RoomForBurstsOptions = {}) {
    let look = -1;
    let rereading = false;
    const collections: number[] = [];
    const fullCollections: number[] = [];
    const room = new RoomForBursts({
      idleForMs: 200,
      quietBelow: 0.05,
      youngAboveBytes: 2 * MB,
      oldGrowthAboveBytes: 8 * MB,
      oldAfterIdleLooks: 3,
      oldUsed: () => {
        // Each look starts by reading the old generation, and reads it again after a full collection.
        if (rereading) rereading = false;
        else look += 1;
        return looks[look]!.oldUsed ?? 40 * MB;
      },
      collectOld: () => {
        fullCollections.push(look);
        rereading = true;
      },
      loopUtilization: () => looks[look]!.utilization,
      msSinceLastRequest: () => looks[look]!.msSinceRequest,
      youngUsed: () => looks[look]!.youngUsed,
      collectYoung: () => collections.push(look),
      ...options,
    });
    return { room, collections, fullCollections, looks: () => looks.map(() => room.look()) };
  }

  test('collects the young generation between bursts, once it holds more than the bar', () => {
    const { looks, collections } = scripted([
      { utilization: 0.01, msSinceRequest: 5_000, youngUsed: 1 * MB }, // idle, little held: nothing to gain
      { utilization: 0.01, msSinceRequest: 5_000, youngUsed: 3 * MB }, // idle, above the bar
    ]);
    expect(looks()).toEqual([undefined, 'young']);
    expect(collections).toEqual([1]);
  });

  test('leaves a burst alone: not while requests come in, nor while the work after them keeps the loop busy', () => {
    const { looks, collections } = scripted([
      { utilization: 0.01, msSinceRequest: 50, youngUsed: 12 * MB }, // a request 50 ms ago: the burst may go on
      { utilization: 0.4, msSinceRequest: 300, youngUsed: 12 * MB }, // the work the burst left is running
      { utilization: 0.06, msSinceRequest: 400, youngUsed: 12 * MB }, // its tail
      { utilization: 0.02, msSinceRequest: 500, youngUsed: 12 * MB }, // over
    ]);
    expect(looks()).toEqual([undefined, undefined, undefined, 'young']);
    expect(collections).toEqual([3]);
  });

  test('makes a full collection once the loop has been idle for three looks and the old generation has grown enough since its smallest', () => {
    const { looks, fullCollections, collections } = scripted([
      { utilization: 0.01, msSinceRequest: 5_000, youngUsed: 0, oldUsed: 40 * MB }, // 0: the baseline
      { utilization: 0.5, msSinceRequest: 10, youngUsed: 0, oldUsed: 60 * MB }, // 1: a burst: grown, but busy
      { utilization: 0.01, msSinceRequest: 300, youngUsed: 0, oldUsed: 60 * MB }, // 2: idle once
      { utilization: 0.01, msSinceRequest: 400, youngUsed: 0, oldUsed: 60 * MB }, // 3: twice
      { utilization: 0.2, msSinceRequest: 500, youngUsed: 0, oldUsed: 62 * MB }, // 4: the burst's work goes on
      { utilization: 0.01, msSinceRequest: 600, youngUsed: 0, oldUsed: 62 * MB }, // 5
      { utilization: 0.01, msSinceRequest: 700, youngUsed: 0, oldUsed: 62 * MB }, // 6
      { utilization: 0.01, msSinceRequest: 800, youngUsed: 0, oldUsed: 62 * MB }, // 7: three idle looks: collect
      { utilization: 0.01, msSinceRequest: 900, youngUsed: 0, oldUsed: 40 * MB }, // 8: read again after it: 40 MB
      { utilization: 0.01, msSinceRequest: 1_000, youngUsed: 0, oldUsed: 47 * MB }, // 9: 7 MB more: not enough
      { utilization: 0.01, msSinceRequest: 1_100, youngUsed: 0, oldUsed: 30 * MB }, // 10: V8 collected on its own
      { utilization: 0.01, msSinceRequest: 1_200, youngUsed: 0, oldUsed: 39 * MB }, // 11: 9 MB above that: collect
    ]);
    expect(looks().filter((made) => made !== undefined)).toEqual(['old', 'old']);
    expect(fullCollections).toEqual([7, 11]);
    expect(collections).toEqual([]);
  });

  test('by default, empties V8 young generation', () => {
    const room = new RoomForBursts({ youngAboveBytes: 0, loopUtilization: () => 0, oldUsed: () => 0 });
    const kept: object[] = [];
    for (let i = 0; i < 20_000; i += 1) kept.push({ i, text: `garbage ${i}` });
    kept.length = 0;
    const youngUsed = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')!.space_used_size;
    const before = youngUsed();
    expect(room.look()).toBe('young');
    expect(youngUsed()).toBeLessThan(before / 2);
  });

  test('looks on its own once started, and stops looking when stopped', async () => {
    let looked = 0;
    const room = new RoomForBursts({
      everyMs: 10,
      loopUtilization: () => 0,
      youngUsed: () => {
        looked += 1;
        return 0;
      },
    });
    room.start();
    await new Promise((resolve) => setTimeout(resolve, 60));
    room.stop();
    const seen = looked;
    expect(seen).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(looked).toBe(seen);
  });
});

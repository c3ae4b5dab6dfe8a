import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { createRateLimiter } from '../../src/core/rate-limiter.ts';

/**
 * Creates a fake clock in milliseconds whose sleep records each wait and advances the time without real
 * waiting. It advances on the next turn of the event loop, so callbacks of tokens granted before
 * the sleep still read the time of the grant.
 */
function fakeClock(start = 0) {
  const clock = {
    time: start,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        clock.sleeps.push(ms);
        setImmediate(() => {
          clock.time += ms;
          resolve();
        });
      }),
  };
  return clock;
}

/** Starts `count` acquires at once and returns the fake time at which each resolved, in call order. */
async function acquireConcurrently(limiter: { acquire(): Promise<void> }, clock: { now(): number }, count: number): Promise<number[]> {
  const times: number[] = new Array<number>(count).fill(-1);
  const order: number[] = [];
  await Promise.all(
    Array.from({ length: count }, (_, index) =>
      limiter.acquire().then(() => {
        times[index] = clock.now();
        order.push(index);
      }),
    ),
  );

  expect(order).toEqual(Array.from({ length: count }, (_, index) => index));
  return times;
}

/** Asserts that in every window between two grants at most `burst + seconds * rate` grants fall. */
function expectWithinRate(times: number[], ratePerSecond: number, burst: number): void {
  for (let first = 0; first < times.length; first += 1) {
    for (let last = first; last < times.length; last += 1) {
      const grants = last - first + 1;
      const allowed = burst + (((times[last] ?? 0) - (times[first] ?? 0)) / 1000) * ratePerSecond;
      expect(grants, `grants ${first}..${last}`).toBeLessThanOrEqual(allowed + 1e-9);
    }
  }
}

describe('createRateLimiter', () => {
  describe('acquire', () => {
    it('grants the first token without waiting', async () => {
      const clock = fakeClock();
      const limiter = createRateLimiter({ ratePerSecond: 5, now: clock.now, sleep: clock.sleep });

      await limiter.acquire();

      expect(clock.time).toBe(0);
      expect(clock.sleeps).toEqual([]);
    });

    it('takes 1.8 s for 10 acquires at 5/s', async () => {
      const clock = fakeClock();
      const limiter = createRateLimiter({ ratePerSecond: 5, now: clock.now, sleep: clock.sleep });

      for (let index = 0; index < 10; index += 1) {
        await limiter.acquire();
      }

      expect(clock.time).toBe(1800);
    });

    it('spaces sequential acquires by the interval', async () => {
      const clock = fakeClock();
      const limiter = createRateLimiter({ ratePerSecond: 5, now: clock.now, sleep: clock.sleep });
      const times: number[] = [];

      for (let index = 0; index < 4; index += 1) {
        await limiter.acquire();
        times.push(clock.time);
      }

      expect(times).toEqual([0, 200, 400, 600]);
    });

    it('serves 50 concurrent callers in order', async () => {
      const clock = fakeClock();
      const limiter = createRateLimiter({ ratePerSecond: 5, now: clock.now, sleep: clock.sleep });

      const times = await acquireConcurrently(limiter, clock, 50);

      expect(times[0]).toBe(0);
      expect(times[49]).toBe(49 * 200);
      expectWithinRate(times, 5, 1);
    });

    it('grants a burst at once, then the rate', async () => {
      const clock = fakeClock();
      const limiter = createRateLimiter({ ratePerSecond: 2, burst: 3, now: clock.now, sleep: clock.sleep });

      const times = await acquireConcurrently(limiter, clock, 6);

      expect(times).toEqual([0, 0, 0, 500, 1000, 1500]);
      expectWithinRate(times, 2, 3);
    });

    it('refills no more than the burst while idle', async () => {
      const clock = fakeClock();
      const limiter = createRateLimiter({ ratePerSecond: 2, burst: 2, now: clock.now, sleep: clock.sleep });
      await acquireConcurrently(limiter, clock, 2);
      clock.time += 60_000;
      const idleEnd = clock.time;

      const times = await acquireConcurrently(limiter, clock, 4);

      expect(times.map((time) => time - idleEnd)).toEqual([0, 0, 500, 1000]);
    });

    it('keeps rate with fractional intervals', async () => {
      const clock = fakeClock();
      const limiter = createRateLimiter({ ratePerSecond: 3, now: clock.now, sleep: clock.sleep });

      const times = await acquireConcurrently(limiter, clock, 31);

      expectWithinRate(times, 3, 1);
      expect(times[30]).toBeGreaterThanOrEqual(10_000);
      expect(times[30]).toBeLessThan(10_100);
    });

    it('never waits without a rate limit', async () => {
      const clock = fakeClock();
      const limiter = createRateLimiter({ ratePerSecond: Infinity, now: clock.now, sleep: clock.sleep });

      await acquireConcurrently(limiter, clock, 1000);

      expect(clock.time).toBe(0);
      expect(clock.sleeps).toEqual([]);
    });

    it('rejects waiting callers when sleep fails', async () => {
      const clock = fakeClock();
      const failure = new Error('timer failed');
      const limiter = createRateLimiter({ ratePerSecond: 1, now: clock.now, sleep: () => Promise.reject(failure) });

      const first = limiter.acquire();
      const second = limiter.acquire();

      await expect(first).resolves.toBeUndefined();
      await expect(second).rejects.toBe(failure);
    });
  });

  it.each([
    ['zero rate', { ratePerSecond: 0 }, 'ratePerSecond', 'got 0'],
    ['negative rate', { ratePerSecond: -2 }, 'ratePerSecond', 'got -2'],
    ['NaN rate', { ratePerSecond: Number.NaN }, 'ratePerSecond', 'got NaN'],
    ['zero burst', { ratePerSecond: 1, burst: 0 }, 'burst', 'got 0'],
    ['fractional burst', { ratePerSecond: 1, burst: 1.5 }, 'burst', 'got 1.5'],
  ])('rejects %s', (_case, options, field, value) => {
    const creating = () => createRateLimiter(options);

    expect(creating).toThrow(ConfigError);
    expect(creating).toThrow(field);
    expect(creating).toThrow(value);
  });
});

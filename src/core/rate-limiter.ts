import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { ConfigError } from './errors.ts';

export interface RateLimiterOptions {
  /** Sustained rate in acquisitions per second. `Infinity` turns limiting off. */
  ratePerSecond: number;
  /** Acquisitions allowed at once after an idle period (the bucket size). Default 1. */
  burst?: number;
  /** Current time in milliseconds from a monotonic clock. Default `performance.now`, and tests pass a fake. */
  now?: () => number;
  /** Waits the given milliseconds. Tests pass a fake. */
  sleep?: (ms: number) => Promise<void>;
}

export interface RateLimiter {
  /** Resolves when the caller may send one message. Concurrent callers are served in call order. */
  acquire(): Promise<void>;
}

/**
 * Creates a token bucket that holds up to `burst` tokens and refills at `ratePerSecond`. Each
 * `acquire` takes one token, so over any window of `t` seconds at most `burst + t * ratePerSecond`
 * acquisitions resolve. The default burst of 1 suits a US 10DLC number, which AWS End User
 * Messaging allows 1 message part per second by default (AWS Messaging Blog, "10DLC Campaign Types
 * and Quotas for SMS").
 *
 * NOTE: each `acquire` counts one message, but carriers count message parts, so an SMS split into
 * two parts uses two tokens' worth of the carrier's limit.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const burst = options.burst ?? 1;
  validateRateLimiterOptions(options.ratePerSecond, burst);
  if (options.ratePerSecond === Infinity) {
    return { acquire: () => Promise.resolve() };
  }

  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const msPerToken = 1000 / options.ratePerSecond;
  const waiting: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  let tokens = burst;
  let refilledAt = now();
  let draining = false;

  const refill = () => {
    const time = now();
    tokens = Math.min(burst, tokens + Math.max(0, time - refilledAt) / msPerToken);
    refilledAt = time;
  };

  // One loop serves the queue in order and is the only caller of `sleep`, which keeps the
  // order first in, first out and lets a test's fake sleep simply advance its fake clock.
  const drain = async () => {
    draining = true;
    try {
      while (waiting.length > 0) {
        refill();
        if (tokens >= 1) {
          tokens -= 1;
          waiting.shift()?.resolve();
          continue;
        }

        // Rounding up means a real timer never wakes the loop before the token is whole.
        await sleep(Math.ceil((1 - tokens) * msPerToken));
      }
    } catch (error) {
      for (const waiter of waiting.splice(0)) {
        waiter.reject(error);
      }
    } finally {
      draining = false;
    }
  };

  return {
    acquire: () =>
      new Promise<void>((resolve, reject) => {
        waiting.push({ resolve, reject });
        if (!draining) {
          void drain();
        }
      }),
  };
}

function validateRateLimiterOptions(ratePerSecond: number, burst: number): void {
  if (Number.isNaN(ratePerSecond) || ratePerSecond <= 0) {
    throw new ConfigError(`rate limit ratePerSecond must be a positive number of messages per second, or Infinity for no limit, got ${ratePerSecond}`);
  }

  if (!Number.isInteger(burst) || burst < 1) {
    throw new ConfigError(`rate limit burst must be a whole number of at least 1, got ${burst}`);
  }
}

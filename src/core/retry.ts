import { setTimeout as delay } from 'node:timers/promises';
import { ConfigError } from './errors.ts';

export interface RetryOptions {
  /** Total attempts, including the first. 1 means no retry. */
  maxAttempts: number;
  /** Upper bound of the delay after the first failed attempt, in milliseconds. */
  baseDelayMs: number;
  /** Cap on the upper bound of any delay, in milliseconds. */
  maxDelayMs: number;
  /** Returns true for errors that a later attempt may get past. Any other error is thrown at once. */
  isRetryable: (error: unknown) => boolean;
  /** Waits the given milliseconds. Tests pass a fake. */
  sleep?: (ms: number) => Promise<void>;
  /** Returns a number in [0, 1), like `Math.random`. Tests pass a fake. */
  random?: () => number;
  /** Called before each wait with the number of the attempt that failed (from 1), its error and the delay. */
  onRetry?: (attempt: number, error: unknown, delayMs: number) => void;
}

/**
 * Retry settings for sending one SMS: at most 5 attempts and, by the sum of the delay caps
 * (200 + 400 + 800 + 1600 ms), at most 3 s of waiting.
 */
export const DEFAULT_SMS_RETRY = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 5000 } as const;

/**
 * Runs `operation` until it succeeds, fails with an error that `isRetryable` rejects, or has failed
 * `maxAttempts` times, and throws the last error in the last two cases. Waits use exponential
 * backoff with full jitter: after attempt n the delay is drawn uniformly from
 * [0, min(maxDelayMs, baseDelayMs * 2^(n-1))), which spreads retrying clients apart. Source:
 * "Exponential Backoff And Jitter", AWS Architecture Blog, 2015,
 * https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export async function retryWithBackoff<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  validateRetryOptions(options);
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const random = options.random ?? Math.random;

  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= options.maxAttempts || !options.isRetryable(error)) {
        throw error;
      }

      const delayMs = random() * backoffCapMs(attempt, options);
      options.onRetry?.(attempt, error, delayMs);
      await sleep(delayMs);
    }
  }
}

/** Returns the upper bound of the delay after failed attempt `attempt` (from 1), in milliseconds. */
export function backoffCapMs(attempt: number, options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>): number {
  // The exponent stops at 52 so that 0 * 2^exponent stays 0 instead of 0 * Infinity = NaN.
  const exponent = Math.min(attempt - 1, 52);
  return Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** exponent);
}

function validateRetryOptions(options: RetryOptions): void {
  if (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1) {
    throw new ConfigError(`retry maxAttempts must be a whole number of at least 1, got ${options.maxAttempts}`);
  }

  if (!Number.isFinite(options.baseDelayMs) || options.baseDelayMs < 0) {
    throw new ConfigError(`retry baseDelayMs must be a finite number of milliseconds of at least 0, got ${options.baseDelayMs}`);
  }

  if (!Number.isFinite(options.maxDelayMs) || options.maxDelayMs < options.baseDelayMs) {
    throw new ConfigError(`retry maxDelayMs must be a finite number of milliseconds of at least baseDelayMs (${options.baseDelayMs}), got ${options.maxDelayMs}`);
  }
}

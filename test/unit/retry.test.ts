import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { DEFAULT_SMS_RETRY, backoffCapMs, retryWithBackoff } from '../../src/core/retry.ts';
import { SmsInvalidNumberError, SmsTemporaryError, SmsThrottledError, isRetryableSmsError } from '../../src/core/sms-errors.ts';

const OPTIONS = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, isRetryable: isRetryableSmsError };

/** Returns an operation that throws `failures` in order, then returns 'sent', and counts its calls. */
function failingThen(failures: unknown[]) {
  const operation = async () => {
    operation.calls += 1;
    const failure = failures[operation.calls - 1];
    if (failure !== undefined) {
      throw failure;
    }

    return 'sent';
  };
  operation.calls = 0;
  return operation;
}

/** Returns a sleep that records each delay and returns at once. */
function recordingSleep() {
  const delays: number[] = [];
  const sleep = async (ms: number) => {
    delays.push(ms);
  };
  return { delays, sleep };
}

describe('retryWithBackoff', () => {
  it('returns the first result without waiting', async () => {
    const operation = failingThen([]);
    const { delays, sleep } = recordingSleep();

    const result = await retryWithBackoff(operation, { ...OPTIONS, sleep });

    expect(result).toBe('sent');
    expect(operation.calls).toBe(1);
    expect(delays).toEqual([]);
  });

  it('retries retryable errors until success', async () => {
    const operation = failingThen([new SmsThrottledError('throttled'), new SmsTemporaryError('failed')]);
    const { delays, sleep } = recordingSleep();

    const result = await retryWithBackoff(operation, { ...OPTIONS, sleep, random: () => 0.5 });

    expect(result).toBe('sent');
    expect(operation.calls).toBe(3);
    expect(delays).toEqual([50, 100]);
  });

  it('throws a permanent error at once', async () => {
    const permanent = new SmsInvalidNumberError('invalid');
    const operation = failingThen([permanent]);
    const { delays, sleep } = recordingSleep();

    await expect(retryWithBackoff(operation, { ...OPTIONS, sleep })).rejects.toBe(permanent);

    expect(operation.calls).toBe(1);
    expect(delays).toEqual([]);
  });

  it('throws the last error after max attempts', async () => {
    const failures = Array.from({ length: 5 }, (_, index) => new SmsThrottledError(`throttled ${index + 1}`));
    const operation = failingThen(failures);
    const { delays, sleep } = recordingSleep();

    await expect(retryWithBackoff(operation, { ...OPTIONS, sleep })).rejects.toBe(failures[4]);

    expect(operation.calls).toBe(5);
    expect(delays).toHaveLength(4);
  });

  it('draws jitter below the capped bound', async () => {
    const failures = Array.from({ length: 6 }, () => new SmsThrottledError('throttled'));
    const { delays: highDelays, sleep: highSleep } = recordingSleep();
    const { delays: lowDelays, sleep: lowSleep } = recordingSleep();

    await retryWithBackoff(failingThen(failures), { ...OPTIONS, maxAttempts: 7, sleep: highSleep, random: () => 0.999 });
    await retryWithBackoff(failingThen(failures), { ...OPTIONS, maxAttempts: 7, sleep: lowSleep, random: () => 0 });

    const caps = [100, 200, 400, 800, 1000, 1000];
    expect(highDelays).toHaveLength(caps.length);
    highDelays.forEach((delayMs, index) => {
      expect(delayMs).toBeLessThan(caps[index] ?? 0);
      expect(delayMs).toBeGreaterThan((caps[index] ?? 0) * 0.99);
    });
    expect(lowDelays).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('calls onRetry before each wait', async () => {
    const first = new SmsThrottledError('throttled');
    const second = new SmsTemporaryError('failed');
    const operation = failingThen([first, second]);
    const { sleep } = recordingSleep();
    const retries: Array<[number, unknown, number]> = [];

    await retryWithBackoff(operation, { ...OPTIONS, sleep, random: () => 0.25, onRetry: (attempt, error, delayMs) => retries.push([attempt, error, delayMs]) });

    expect(retries).toEqual([
      [1, first, 25],
      [2, second, 50],
    ]);
  });

  it('does not retry with one attempt', async () => {
    const throttled = new SmsThrottledError('throttled');
    const operation = failingThen([throttled]);

    await expect(retryWithBackoff(operation, { ...OPTIONS, maxAttempts: 1 })).rejects.toBe(throttled);

    expect(operation.calls).toBe(1);
  });

  it.each([
    ['maxAttempts 0', { maxAttempts: 0 }, 'maxAttempts'],
    ['maxAttempts 2.5', { maxAttempts: 2.5 }, 'maxAttempts'],
    ['negative baseDelayMs', { baseDelayMs: -1 }, 'baseDelayMs'],
    ['maxDelayMs below base', { maxDelayMs: 50 }, 'maxDelayMs'],
    ['infinite maxDelayMs', { maxDelayMs: Infinity }, 'maxDelayMs'],
  ])('rejects %s', async (_case, override, field) => {
    const operation = failingThen([]);

    const running = retryWithBackoff(operation, { ...OPTIONS, ...override });

    await expect(running).rejects.toBeInstanceOf(ConfigError);
    await expect(running).rejects.toThrow(field);
    expect(operation.calls).toBe(0);
  });
});

describe('backoffCapMs', () => {
  it('doubles from the base up to the max', () => {
    const caps = [1, 2, 3, 4, 5, 6].map((attempt) => backoffCapMs(attempt, DEFAULT_SMS_RETRY));

    expect(caps).toEqual([200, 400, 800, 1600, 3200, 5000]);
  });

  it('stays finite for huge attempt numbers', () => {
    expect(backoffCapMs(5000, DEFAULT_SMS_RETRY)).toBe(5000);
    expect(backoffCapMs(5000, { baseDelayMs: 0, maxDelayMs: 0 })).toBe(0);
  });
});

describe('isRetryableSmsError', () => {
  it('accepts only throttled and temporary errors', () => {
    expect(isRetryableSmsError(new SmsThrottledError('throttled'))).toBe(true);
    expect(isRetryableSmsError(new SmsTemporaryError('failed'))).toBe(true);
    expect(isRetryableSmsError(new SmsInvalidNumberError('invalid'))).toBe(false);
    expect(isRetryableSmsError(new Error('unknown'))).toBe(false);
  });
});

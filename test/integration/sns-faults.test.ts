import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SnsAdminNotifier } from '../../src/adapters/sns/admin-notifier.ts';
import { SnsSmsSender } from '../../src/adapters/sns/sms-sender.ts';
import { ConfigError } from '../../src/core/errors.ts';
import { retryWithBackoff } from '../../src/core/retry.ts';
import { SmsInvalidNumberError, SmsOptedOutError, SmsTemporaryError, SmsThrottledError, isRetryableSmsError } from '../../src/core/sms-errors.ts';
import { Outbox } from '../../src/local/outbox.ts';
import { faultsFromEnvironment } from '../../src/local/sns-faults.ts';
import type { SnsStandIn, SnsStandInStats } from '../../src/local/sns-stand-in.ts';
import { startSnsStandIn } from '../../src/local/sns-stand-in.ts';

const PHONE = '+14155550132';
const INVALID_PHONE = '+14155550177';
const OPTED_OUT_PHONE = '+14155550188';
const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:starling-admin';

/** Short waits keep the tests fast; the retry tests count attempts, not time. */
const FAST_RETRY = { maxAttempts: 10, baseDelayMs: 1, maxDelayMs: 4, isRetryable: isRetryableSmsError };

describe('SNS stand-in faults with the real adapter', () => {
  let folder: string;
  let outbox: Outbox;
  let standIn: SnsStandIn;
  let sender: SnsSmsSender;
  let client: SNSClient;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'starling-sns-faults-'));
    outbox = new Outbox(join(folder, 'outbox.jsonl'));
    standIn = await startSnsStandIn({ outbox });
    // One attempt per call: the SDK's own retries would hide the faults from retryWithBackoff.
    client = new SNSClient({
      region: 'us-east-1',
      endpoint: standIn.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    sender = new SnsSmsSender(client);
  });

  afterAll(async () => {
    client.destroy();
    await standIn.close();
    await rm(folder, { recursive: true, force: true });
  });

  beforeEach(() => {
    standIn.setFaults({});
  });

  /** Returns the outbox bodies that start with `tag`, in outbox order. */
  async function bodiesTagged(tag: string): Promise<string[]> {
    const entries = await outbox.list();
    return entries.filter((entry) => entry.body.startsWith(tag)).map((entry) => entry.body);
  }

  /** Returns how much each outcome count grew since `before`. */
  function statsSince(before: SnsStandInStats): SnsStandInStats {
    const after = standIn.stats();
    const keys = Object.keys(after) as Array<keyof SnsStandInStats>;
    return Object.fromEntries(keys.map((key) => [key, after[key] - before[key]])) as SnsStandInStats;
  }

  it('delivers each SMS once under 30% throttling', async () => {
    standIn.setFaults({ throttleFraction: 0.3, seed: 7 });
    const before = standIn.stats();
    const bodies = Array.from({ length: 40 }, (_, index) => `throttle-test message ${index}`);
    const retryErrors: unknown[] = [];

    await Promise.all(
      bodies.map((body) =>
        retryWithBackoff(() => sender.send({ phoneNumber: PHONE, body }), { ...FAST_RETRY, onRetry: (_attempt, error) => retryErrors.push(error) }),
      ),
    );
    const delivered = await bodiesTagged('throttle-test ');
    const stats = statsSince(before);

    expect([...delivered].sort()).toEqual([...bodies].sort());
    expect(stats.smsDelivered).toBe(40);
    expect(stats.throttled).toBeGreaterThan(0);
    expect(retryErrors).toHaveLength(stats.throttled);
    expect(retryErrors.every((error) => error instanceof SmsThrottledError)).toBe(true);
  });

  it('delivers each SMS once under 30% server errors', async () => {
    standIn.setFaults({ temporaryErrorFraction: 0.3, seed: 11 });
    const before = standIn.stats();
    const bodies = Array.from({ length: 40 }, (_, index) => `server-error-test message ${index}`);
    const retryErrors: unknown[] = [];

    await Promise.all(
      bodies.map((body) =>
        retryWithBackoff(() => sender.send({ phoneNumber: PHONE, body }), { ...FAST_RETRY, onRetry: (_attempt, error) => retryErrors.push(error) }),
      ),
    );
    const delivered = await bodiesTagged('server-error-test ');
    const stats = statsSince(before);

    expect([...delivered].sort()).toEqual([...bodies].sort());
    expect(stats.smsDelivered).toBe(40);
    expect(stats.temporaryError).toBeGreaterThan(0);
    expect(retryErrors).toHaveLength(stats.temporaryError);
    expect(retryErrors.every((error) => error instanceof SmsTemporaryError)).toBe(true);
  });

  it('maps a throttled publish to SmsThrottledError', async () => {
    standIn.setFaults({ throttleFraction: 1 });
    const before = standIn.stats();

    const error = await sender.send({ phoneNumber: PHONE, body: 'always-throttled message' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SmsThrottledError);
    expect((error as Error).cause).toMatchObject({ name: 'Throttling', $metadata: { httpStatusCode: 400 } });
    expect(statsSince(before)).toMatchObject({ throttled: 1, smsDelivered: 0 });
    expect(await bodiesTagged('always-throttled ')).toEqual([]);
  });

  it('maps an invalid number without retrying', async () => {
    standIn.setFaults({ invalidNumbers: [INVALID_PHONE] });
    const before = standIn.stats();

    const sending = retryWithBackoff(() => sender.send({ phoneNumber: INVALID_PHONE, body: 'invalid-number message' }), FAST_RETRY);
    const error = await sending.catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SmsInvalidNumberError);
    expect((error as Error).message).not.toContain(INVALID_PHONE.slice(1));
    expect((error as Error).cause).toMatchObject({ name: 'InvalidParameterException' });
    expect(statsSince(before)).toMatchObject({ invalidNumber: 1, smsDelivered: 0 });
    expect(await bodiesTagged('invalid-number ')).toEqual([]);
  });

  it('maps an opted-out number without retrying', async () => {
    standIn.setFaults({ optedOutNumbers: [OPTED_OUT_PHONE] });
    const before = standIn.stats();

    const sending = retryWithBackoff(() => sender.send({ phoneNumber: OPTED_OUT_PHONE, body: 'opted-out message' }), FAST_RETRY);
    const error = await sending.catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SmsOptedOutError);
    expect((error as Error).message).not.toContain(OPTED_OUT_PHONE.slice(1));
    expect((error as Error).cause).toMatchObject({ name: 'InvalidParameterException' });
    expect(statsSince(before)).toMatchObject({ optedOut: 1, smsDelivered: 0 });
    expect(await bodiesTagged('opted-out ')).toEqual([]);
  });

  it('delivers to other numbers while some are faulted', async () => {
    standIn.setFaults({ invalidNumbers: [INVALID_PHONE], optedOutNumbers: [OPTED_OUT_PHONE] });

    await sender.send({ phoneNumber: PHONE, body: 'unlisted-number message' });

    expect(await bodiesTagged('unlisted-number ')).toEqual(['unlisted-number message']);
  });

  it('delays each SMS by the latency', async () => {
    standIn.setFaults({ latencyMs: 150 });

    const started = performance.now();
    await sender.send({ phoneNumber: PHONE, body: 'latency message' });
    const elapsedMs = performance.now() - started;

    // Node.js timers run on a whole-millisecond clock, so performance.now can measure a 150 ms delay as slightly less.
    expect(elapsedMs).toBeGreaterThanOrEqual(149);
  });

  it('repeats the faults for the same seed', async () => {
    const outcomesForSeed = async (seed: number) => {
      standIn.setFaults({ throttleFraction: 0.5, seed });
      const outcomes: string[] = [];
      for (let index = 0; index < 20; index += 1) {
        const sending = sender.send({ phoneNumber: PHONE, body: `seed-test message ${index}` });
        outcomes.push(await sending.then(() => 'delivered', (error: unknown) => (error as Error).name));
      }
      return outcomes;
    };

    const first = await outcomesForSeed(42);
    const second = await outcomesForSeed(42);

    expect(second).toEqual(first);
    expect(first).toContain('delivered');
    expect(first).toContain('SmsThrottledError');
  });

  it('clears the faults at runtime', async () => {
    standIn.setFaults({ throttleFraction: 1 });
    await expect(sender.send({ phoneNumber: PHONE, body: 'cleared-faults message' })).rejects.toBeInstanceOf(SmsThrottledError);

    standIn.setFaults({});
    await sender.send({ phoneNumber: PHONE, body: 'cleared-faults message' });

    expect(await bodiesTagged('cleared-faults ')).toEqual(['cleared-faults message']);
  });

  it('never faults admin notifications', async () => {
    standIn.setFaults({ throttleFraction: 1 });
    const before = standIn.stats();

    await new SnsAdminNotifier(client, TOPIC_ARN).notify({ subject: 'New review', body: 'notification-under-faults' });

    expect(statsSince(before)).toMatchObject({ notificationDelivered: 1, throttled: 0 });
    expect(await bodiesTagged('notification-under-faults')).toEqual(['notification-under-faults']);
  });

  it('rejects invalid faults with ConfigError', () => {
    expect(() => standIn.setFaults({ throttleFraction: 1.5 })).toThrow(ConfigError);
    expect(() => standIn.setFaults({ throttleFraction: 0.6, temporaryErrorFraction: 0.6 })).toThrow('add up to at most 1');
    expect(() => standIn.setFaults({ invalidNumbers: ['4155550177'] })).toThrow('invalidNumbers');
    expect(() => standIn.setFaults({ latencyMs: -5 })).toThrow('latencyMs');
  });
});

describe('faultsFromEnvironment', () => {
  it('reads every variable', () => {
    const faults = faultsFromEnvironment({
      STARLING_SNS_LATENCY_MS: '250',
      STARLING_SNS_THROTTLE_FRACTION: '0.3',
      STARLING_SNS_TEMPORARY_ERROR_FRACTION: '0.1',
      STARLING_SNS_INVALID_NUMBERS: '+14155550177, +14155550178',
      STARLING_SNS_OPTED_OUT_NUMBERS: '+14155550188,',
      STARLING_SNS_FAULT_SEED: '42',
    });

    expect(faults).toEqual({
      latencyMs: 250,
      throttleFraction: 0.3,
      temporaryErrorFraction: 0.1,
      invalidNumbers: ['+14155550177', '+14155550178'],
      optedOutNumbers: ['+14155550188'],
      seed: 42,
    });
  });

  it('returns no faults for unset or empty variables', () => {
    expect(faultsFromEnvironment({})).toEqual({});
    expect(faultsFromEnvironment({ STARLING_SNS_LATENCY_MS: '', STARLING_SNS_INVALID_NUMBERS: '  ' })).toEqual({});
  });

  it.each([
    ['STARLING_SNS_LATENCY_MS', 'slow'],
    ['STARLING_SNS_LATENCY_MS', '-1'],
    ['STARLING_SNS_THROTTLE_FRACTION', '30%'],
    ['STARLING_SNS_TEMPORARY_ERROR_FRACTION', '2'],
    ['STARLING_SNS_INVALID_NUMBERS', '+14155550177,555-0178'],
    ['STARLING_SNS_OPTED_OUT_NUMBERS', 'nobody'],
    ['STARLING_SNS_FAULT_SEED', '1.5'],
  ])('names %s when it is %s', (variable, value) => {
    const reading = () => faultsFromEnvironment({ [variable]: value });

    expect(reading).toThrow(ConfigError);
    expect(reading).toThrow(variable);
  });

  it('rejects fractions adding up to more than 1', () => {
    const reading = () => faultsFromEnvironment({ STARLING_SNS_THROTTLE_FRACTION: '0.7', STARLING_SNS_TEMPORARY_ERROR_FRACTION: '0.4' });

    expect(reading).toThrow('STARLING_SNS_THROTTLE_FRACTION and STARLING_SNS_TEMPORARY_ERROR_FRACTION must add up to at most 1');
  });
});

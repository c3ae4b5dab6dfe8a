import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Customer } from '../../src/core/customers.ts';
import type { RunControl, RunOptions, RunResult } from '../../src/core/invitation-run/run-invitations.ts';
import { pageSizeForRate, runInvitations } from '../../src/core/invitation-run/run-invitations.ts';
import { deterministicInvitationId } from '../../src/core/invitations.ts';
import { runCli } from '../helpers/cli.ts';
import type { TestStack } from '../helpers/local-stack.ts';
import { startTestStack } from '../helpers/local-stack.ts';
import type { RealRunHarness } from '../helpers/real-run-deps.ts';
import { buildCustomers, countSmsByPhone, crashPoint, createRealRunDeps, getInvitations, resetTables, expectCleanCrashTrial, runCrashTrial, seedCustomers } from '../helpers/real-run-deps.ts';
import { BASE_OPTIONS } from '../helpers/run-scenario.ts';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const NO_TIME_LIMIT: RunControl = { remainingMs: () => Number.POSITIVE_INFINITY };

/**
 * 18:00 UTC today: inside the 09:00-20:00 window in UTC and in Los Angeles, outside it in Tokyo.
 * The date is today's, because the stack's review page checks link expiry against the real clock.
 */
function todayAt18Utc(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 18));
}

/** Lists the customers whose phone did not get exactly `expected` SMS. */
function phonesWithCountOtherThan(sms: Map<string, number>, customers: Customer[], expected: number): string[] {
  return customers.filter((customer) => (sms.get(customer.phone ?? '') ?? 0) !== expected).map((customer) => customer.customerId);
}

describe('invitation run on the local stack', () => {
  const START = todayAt18Utc();
  let stack: TestStack;
  let harness: RealRunHarness;

  beforeAll(async () => {
    stack = await startTestStack();
    harness = await createRealRunDeps(stack, { start: START });
  });

  afterAll(async () => {
    harness?.destroy();
    await stack?.close();
  });

  function options(runId: string, overrides: Partial<RunOptions> = {}): RunOptions {
    return { ...BASE_OPTIONS, publicBaseUrl: stack.url, concurrency: 8, runId, ...overrides };
  }

  /** Returns the SMS the stack accepted after the outbox had `mark` entries, by phone. */
  async function smsSince(mark: number): Promise<Map<string, number>> {
    return countSmsByPhone((await stack.outbox()).slice(mark));
  }

  async function outboxMark(): Promise<number> {
    return (await stack.outbox()).length;
  }

  describe('scenarios', () => {
    beforeEach(async () => {
      await resetTables();
      harness.clock.set(START);
      stack.snsStandIn.setFaults({});
    });

    it('sends each customer one SMS under 30% throttling', async () => {
      const customers = buildCustomers(300, { prefix: 'throttled' });
      await seedCustomers(customers);
      stack.snsStandIn.setFaults({ throttleFraction: 0.3, seed: 11 });
      const statsBefore = stack.snsStandIn.stats();
      const mark = await outboxMark();

      const result = await runInvitations(harness.deps, options('run-throttled'), NO_TIME_LIMIT);
      const sms = await smsSince(mark);
      const stats = stack.snsStandIn.stats();

      expect(result.status).toBe('completed');
      expect(result.counters.sent).toBe(300);
      expect(result.counters.failed).toBe(0);
      expect(phonesWithCountOtherThan(sms, customers, 1)).toEqual([]);
      expect(sms.size).toBe(300);
      expect(stats.throttled - statsBefore.throttled).toBeGreaterThan(50);
      expect(stats.smsDelivered - statsBefore.smsDelivered).toBe(300);
    });

    it('marks an opted-out number and goes on', async () => {
      const customers = buildCustomers(10, { prefix: 'opt-out' });
      const optedOut = customers[3] as Customer;
      await seedCustomers(customers);
      stack.snsStandIn.setFaults({ optedOutNumbers: [optedOut.phone ?? ''] });
      const mark = await outboxMark();

      const result = await runInvitations(harness.deps, options('run-opt-out'), NO_TIME_LIMIT);
      const sms = await smsSince(mark);
      const stored = await harness.stores.customers.get(optedOut.customerId);

      expect(result.status).toBe('completed');
      expect(result.counters.skipped.optedOut).toBe(1);
      expect(result.counters.sent).toBe(9);
      expect(stored?.optedOut).toBe(true);
      expect(sms.has(optedOut.phone ?? '')).toBe(false);
      expect(phonesWithCountOtherThan(sms, customers.filter((customer) => customer !== optedOut), 1)).toEqual([]);
    });

    it('records an invalid number failed without retry', async () => {
      const customers = buildCustomers(10, { prefix: 'invalid' });
      const invalid = customers[5] as Customer;
      await seedCustomers(customers);
      stack.snsStandIn.setFaults({ invalidNumbers: [invalid.phone ?? ''] });
      const statsBefore = stack.snsStandIn.stats();
      const mark = await outboxMark();

      const result = await runInvitations(harness.deps, options('run-invalid'), NO_TIME_LIMIT);
      const sms = await smsSince(mark);
      const record = await harness.stores.invitations.get(deterministicInvitationId('run-invalid', 'invitation', invalid.customerId));

      expect(result.counters.failed).toBe(1);
      expect(result.counters.sent).toBe(9);
      expect(record?.status).toBe('failed');
      expect(record?.failure).toMatch(/^SmsInvalidNumberError/);
      expect(stack.snsStandIn.stats().invalidNumber - statsBefore.invalidNumber).toBe(1);
      expect(phonesWithCountOtherThan(sms, customers.filter((customer) => customer !== invalid), 1)).toEqual([]);
    });

    it('skips invited customers in later runs', async () => {
      const customers = buildCustomers(50, { prefix: 'cooldown' });
      await seedCustomers(customers);
      await runInvitations(harness.deps, options('run-day-0'), NO_TIME_LIMIT);
      const mark = await outboxMark();

      harness.clock.advance(DAY_MS);
      const nextDay = await runInvitations(harness.deps, options('run-day-1'), NO_TIME_LIMIT);
      // Day 8: the 7-day link has expired, but the 30-day invitation cooldown still applies.
      harness.clock.advance(7 * DAY_MS);
      const nextWeek = await runInvitations(harness.deps, options('run-day-8'), NO_TIME_LIMIT);

      expect(nextDay.counters.sent).toBe(0);
      expect(nextDay.counters.skipped.openInvitation).toBe(50);
      expect(nextWeek.counters.sent).toBe(0);
      expect(nextWeek.counters.skipped.cooldown).toBe(50);
      expect((await smsSince(mark)).size).toBe(0);
    });

    it('leaves quiet-hours customers for a later run', async () => {
      const losAngeles = buildCustomers(10, { prefix: 'los-angeles', firstNumber: 5_100_000, overrides: { timeZone: 'America/Los_Angeles' } });
      const tokyo = buildCustomers(10, { prefix: 'tokyo', firstNumber: 5_200_000, overrides: { timeZone: 'Asia/Tokyo' } });
      await seedCustomers([...losAngeles, ...tokyo]);
      const mark = await outboxMark();

      // 18:00 UTC is 10:00 or 11:00 in Los Angeles and 03:00 in Tokyo.
      const evening = await runInvitations(harness.deps, options('run-evening'), NO_TIME_LIMIT);
      const afterEvening = await smsSince(mark);
      // 02:00 UTC is 11:00 in Tokyo.
      harness.clock.advance(8 * HOUR_MS);
      const night = await runInvitations(harness.deps, options('run-night'), NO_TIME_LIMIT);
      const afterNight = await smsSince(mark);

      expect(evening.counters.sent).toBe(10);
      expect(evening.counters.skipped.quietHours).toBe(10);
      expect(phonesWithCountOtherThan(afterEvening, losAngeles, 1)).toEqual([]);
      expect(phonesWithCountOtherThan(afterEvening, tokyo, 0)).toEqual([]);
      expect(night.counters.sent).toBe(10);
      expect(night.counters.skipped.openInvitation).toBe(10);
      expect(phonesWithCountOtherThan(afterNight, [...losAngeles, ...tokyo], 1)).toEqual([]);
    });

    it('never sends without consent or to inactive customers', async () => {
      const eligible = buildCustomers(5, { prefix: 'eligible', firstNumber: 5_300_000 });
      const withoutConsent = buildCustomers(5, { prefix: 'no-consent', firstNumber: 5_310_000, overrides: { smsConsent: false } });
      const inactive = buildCustomers(5, { prefix: 'inactive', firstNumber: 5_320_000, overrides: { status: 'inactive' } });
      await seedCustomers([...eligible, ...withoutConsent, ...inactive]);
      const mark = await outboxMark();

      const result = await runInvitations(harness.deps, options('run-consent'), NO_TIME_LIMIT);
      const sms = await smsSince(mark);
      const excluded = [...withoutConsent, ...inactive];
      const records = await getInvitations(excluded.map((customer) => deterministicInvitationId('run-consent', 'invitation', customer.customerId)));

      expect(result.counters.sent).toBe(5);
      expect(result.counters.skipped.noConsent).toBe(5);
      expect(result.counters.skipped.inactive).toBe(5);
      expect(phonesWithCountOtherThan(sms, eligible, 1)).toEqual([]);
      expect(phonesWithCountOtherThan(sms, excluded, 0)).toEqual([]);
      expect(records.size).toBe(0);
    });

    it('reminds once, and only about unopened links', async () => {
      const customers = buildCustomers(6, { prefix: 'reminded' });
      const opened = customers.slice(0, 3);
      const unopened = customers.slice(3);
      const reminding = { ...BASE_OPTIONS.rules, reminderAfterDays: 3 };
      await seedCustomers(customers);
      const mark = await outboxMark();

      await runInvitations(harness.deps, options('run-invite', { rules: reminding }), NO_TIME_LIMIT);
      const invitations = (await stack.outbox()).slice(mark).filter((entry) => entry.kind === 'sms');
      const linkOf = (customer: Customer) => invitations.find((entry) => entry.to === customer.phone)?.link ?? '';
      const openStatuses: number[] = [];
      for (const customer of opened) {
        const response = await fetch(linkOf(customer));
        await response.arrayBuffer();
        openStatuses.push(response.status);
      }

      harness.clock.advance(4 * DAY_MS);
      const reminderRun = await runInvitations(harness.deps, options('run-remind', { rules: reminding }), NO_TIME_LIMIT);
      const reminders = (await stack.outbox()).slice(mark + invitations.length).filter((entry) => entry.kind === 'sms');
      harness.clock.advance(DAY_MS);
      const laterRun = await runInvitations(harness.deps, options('run-later', { rules: reminding }), NO_TIME_LIMIT);
      const sms = await smsSince(mark);
      const openedRecord = await harness.stores.invitations.get(deterministicInvitationId('run-invite', 'invitation', opened[0]?.customerId ?? ''));

      expect(openStatuses).toEqual([200, 200, 200]);
      expect(openedRecord?.openedAt).toBeDefined();
      expect(reminderRun.counters.remindersSent).toBe(3);
      expect(reminderRun.counters.skipped.openInvitation).toBe(3);
      expect(reminders.map((entry) => entry.to).sort()).toEqual(unopened.map((customer) => customer.phone).sort());
      expect(reminders.every((entry) => entry.body.includes('a reminder from Harbor Coffee'))).toBe(true);
      expect(reminders.map((entry) => entry.link)).toEqual(reminders.map((entry) => linkOf(customers.find((customer) => customer.phone === entry.to) as Customer)));
      expect(laterRun.counters.remindersSent).toBe(0);
      expect(phonesWithCountOtherThan(sms, unopened, 2)).toEqual([]);
      expect(phonesWithCountOtherThan(sms, opened, 1)).toEqual([]);
    });

    it('continues a paused run to completion', async () => {
      const customers = buildCustomers(300, { prefix: 'paused' });
      // About 8 KB per customer puts about 125 customers in a 1 MB scan page, so the run has 3 pages.
      await seedCustomers(customers, { extraBytes: 8_000 });
      const mark = await outboxMark();

      const statuses: RunResult['status'][] = [];
      const sentAtPause: number[] = [];
      let result: RunResult;
      do {
        // Time enough for one page per invocation, as a Lambda invocation near its timeout has.
        let pagesLeft = 1;
        const control = { remainingMs: () => (pagesLeft-- > 0 ? 60_000 : 0) };
        result = await runInvitations(harness.deps, options('run-paused', { minRemainingMs: 1 }), control);
        statuses.push(result.status);
        sentAtPause.push(result.counters.sent);
      } while (result.status === 'paused' && statuses.length < 20);
      const sms = await smsSince(mark);
      const run = await harness.stores.runs.get('run-paused');

      expect(statuses.length).toBeGreaterThanOrEqual(3);
      expect(statuses.at(-1)).toBe('completed');
      expect(statuses.slice(0, -1).every((status) => status === 'paused')).toBe(true);
      expect(sentAtPause[0]).toBeGreaterThan(0);
      expect(sentAtPause[0]).toBeLessThan(300);
      expect(result.counters.sent).toBe(300);
      expect(run?.invocations).toBe(statuses.length);
      expect(phonesWithCountOtherThan(sms, customers, 1)).toEqual([]);
    });

    it('pauses after a rate-sized page when time runs out', async () => {
      const customers = buildCustomers(200, { prefix: 'long-page' });
      await seedCustomers(customers);
      const deliveredBefore = stack.snsStandIn.stats().smsDelivered;
      const delivered = () => stack.snsStandIn.stats().smsDelivered - deliveredBefore;
      // Time runs out once 20 SMS have left. Pages sized for 1 SMS per second hold 30 customers, so
      // the run pauses after the first page instead of sending all 200 in one 1 MB page.
      const control = { remainingMs: () => (delivered() < 20 ? 60_000 : 0) };

      const result = await runInvitations(harness.deps, options('run-long-page', { minRemainingMs: 1, pageSize: pageSizeForRate(1, 1) }), control);

      expect(result.status).toBe('paused');
      expect(delivered()).toBe(30);
    });

    it('invites through the CLI', async () => {
      const customers = buildCustomers(20, { prefix: 'cli' });
      await seedCustomers(customers);
      const mark = await outboxMark();

      const cli = await runCli(stack.paths.root, ['invite']);
      const entries = (await stack.outbox()).slice(mark);
      const notifications = entries.filter((entry) => entry.kind === 'notification');

      expect(cli.code, cli.stderr).toBe(0);
      expect(cli.stdout).toContain('Using the running `npm start`');
      expect(cli.stdout).toMatch(/completed in [\d.]+ s: 20 sent/);
      expect(phonesWithCountOtherThan(countSmsByPhone(entries), customers, 1)).toEqual([]);
      expect(notifications.map((entry) => entry.body)).toEqual([expect.stringMatching(/completed: 20 sent/)]);
    });
  });

  describe('after a crash at a random point', () => {
    const CUSTOMER_COUNT = 300;
    const CONCURRENCY = 8;
    const TRIALS = 3;
    const customers = buildCustomers(CUSTOMER_COUNT, { prefix: 'crash' });

    beforeAll(async () => {
      await resetTables();
      stack.snsStandIn.setFaults({});
      // About 8 KB per customer gives 3 scan pages, so a crash can fall before or after a checkpoint.
      await seedCustomers(customers, { extraBytes: 8_000 });
    });

    // Each trial invites everyone again: no cooldown, and the clock moves past the 7-day expiry.
    it.each(Array.from({ length: TRIALS }, (_, index) => index + 1))('trial %i sends no duplicates and misses only unconfirmed', async (seed) => {
      harness.clock.set(new Date(START.getTime() + seed * 8 * DAY_MS));
      const runOptions = options(`run-crash-${seed}`, { concurrency: CONCURRENCY, rules: { ...BASE_OPTIONS.rules, invitationCooldownDays: 0 } });
      const crashAt = crashPoint(seed, seed, TRIALS, CUSTOMER_COUNT);

      const trial = await runCrashTrial(stack, harness, customers, runOptions, crashAt);
      const label = `seed ${seed}, crash at call ${crashAt}`;

      expectCleanCrashTrial(trial, label, CUSTOMER_COUNT, CONCURRENCY);
    });
  });
});

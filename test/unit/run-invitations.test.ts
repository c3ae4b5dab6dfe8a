import { describe, expect, it } from 'vitest';
import { deterministicInvitationId } from '../../src/core/invitations.ts';
import type { RunOptions } from '../../src/core/invitation-run/run-invitations.ts';
import { pageSizeForRate, runInvitations } from '../../src/core/invitation-run/run-invitations.ts';
import { SmsInvalidNumberError, SmsOptedOutError, SmsThrottledError } from '../../src/core/sms-errors.ts';
import { verifyToken } from '../../src/core/tokens.ts';
import { BASE_OPTIONS, KEY_RING, RUN_NOW, createRunScenario, makeCustomers, seededRandom, withCrashAt } from '../helpers/run-scenario.ts';

const NO_TIME_LIMIT = { remainingMs: () => Number.POSITIVE_INFINITY };

function options(runId: string, overrides: Partial<RunOptions> = {}): RunOptions {
  return { ...BASE_OPTIONS, runId, ...overrides };
}

function tokenOf(body: string): string {
  return /token=([A-Za-z0-9_-]+)/.exec(body)?.[1] ?? '';
}

describe('runInvitations', () => {
  it('sends one SMS per customer across pages', async () => {
    const scenario = createRunScenario(makeCustomers(250), 40);

    const result = await runInvitations(scenario.deps, options('run-1'), NO_TIME_LIMIT);
    const phones = scenario.sms.sent.map((message) => message.phoneNumber);

    expect(result.status).toBe('completed');
    expect(result.counters.sent).toBe(250);
    expect(new Set(phones).size).toBe(250);
    expect(phones).toHaveLength(250);
  });

  it('links each SMS to its stored invitation', async () => {
    const scenario = createRunScenario(makeCustomers(3));

    await runInvitations(scenario.deps, options('run-1'), NO_TIME_LIMIT);
    const verified = scenario.sms.sent.map((message) => verifyToken(KEY_RING, tokenOf(message.body), RUN_NOW).invitationId);

    expect(verified.every((id) => scenario.invitations.invitations.get(id)?.status === 'sent')).toBe(true);
  });

  it('skips everyone in the cooldown on the next run', async () => {
    const scenario = createRunScenario(makeCustomers(20));
    await runInvitations(scenario.deps, options('run-1'), NO_TIME_LIMIT);

    scenario.clock.advance(24 * 60 * 60 * 1000);
    const second = await runInvitations(scenario.deps, options('run-2'), NO_TIME_LIMIT);

    expect(second.counters.sent).toBe(0);
    expect(second.counters.skipped.openInvitation).toBe(20);
    expect(scenario.sms.sent).toHaveLength(20);
  });

  it('answers a completed run id without sending', async () => {
    const scenario = createRunScenario(makeCustomers(5));
    await runInvitations(scenario.deps, options('run-1'), NO_TIME_LIMIT);

    const again = await runInvitations(scenario.deps, options('run-1'), NO_TIME_LIMIT);

    expect(again.status).toBe('alreadyCompleted');
    expect(scenario.sms.sent).toHaveLength(5);
  });

  it('pauses when time runs low and continues', async () => {
    const scenario = createRunScenario(makeCustomers(100), 10);
    let pagesAllowed = 3;
    const control = { remainingMs: () => (pagesAllowed-- > 0 ? 60_000 : 0) };

    const first = await runInvitations(scenario.deps, options('run-1', { minRemainingMs: 1 }), control);
    const sentBeforeResume = scenario.sms.sent.length;
    const second = await runInvitations(scenario.deps, options('run-1', { minRemainingMs: 1 }), NO_TIME_LIMIT);

    expect(first.status).toBe('paused');
    expect(sentBeforeResume).toBe(30);
    expect(second.status).toBe('completed');
    expect(second.counters.sent).toBe(100);
    expect(new Set(scenario.sms.sent.map((message) => message.phoneNumber)).size).toBe(100);
  });

  it('refuses to start while another run sends', async () => {
    const scenario = createRunScenario(makeCustomers(3));
    await scenario.runs.acquireLease('run-other', RUN_NOW.toISOString(), new Date(RUN_NOW.getTime() + 60_000).toISOString());

    const result = await runInvitations(scenario.deps, options('run-1'), NO_TIME_LIMIT);

    expect(result.status).toBe('busy');
    expect(result.busyWith).toBe('run-other');
    expect(scenario.sms.attempts).toHaveLength(0);
  });

  it('starts once the other lease expired', async () => {
    const scenario = createRunScenario(makeCustomers(3));
    await scenario.runs.acquireLease('run-other', RUN_NOW.toISOString(), new Date(RUN_NOW.getTime() - 1).toISOString());

    const result = await runInvitations(scenario.deps, options('run-1'), NO_TIME_LIMIT);

    expect(result.status).toBe('completed');
  });

  it('pauses after a small rate-limited page', async () => {
    const scenario = createRunScenario(makeCustomers(100), 1000);
    let pagesAllowed = 1;
    const control = { remainingMs: () => (pagesAllowed-- > 0 ? 60_000 : 0) };

    const result = await runInvitations(scenario.deps, options('run-1', { minRemainingMs: 1, pageSize: pageSizeForRate(1, 1) }), control);

    expect(result.status).toBe('paused');
    expect(scenario.sms.sent).toHaveLength(30);
  });

  it.each([
    [1, 1, 30],
    [3, 1, 90],
    [100, 4, 750],
    [1000, 1, 1000],
    [0.01, 1, 1],
  ])('sizes pages for %d SMS/s over %d segments', (rate, segments, expected) => {
    expect(pageSizeForRate(rate, segments)).toBe(expected);
  });

  it('reads whole pages without a rate limit', () => {
    expect(pageSizeForRate(Number.POSITIVE_INFINITY, 1)).toBeUndefined();
  });

  it('covers every customer with parallel segments', async () => {
    const scenario = createRunScenario(makeCustomers(99), 7);

    const result = await runInvitations(scenario.deps, options('run-1', { segments: 3 }), NO_TIME_LIMIT);

    expect(result.counters.sent).toBe(99);
    expect(new Set(scenario.sms.sent.map((message) => message.phoneNumber)).size).toBe(99);
  });

  it('retries throttled sends until delivered', async () => {
    const scenario = createRunScenario(makeCustomers(50));
    let calls = 0;
    scenario.sms.beforeSend = () => {
      calls += 1;
      if (calls % 3 === 0) {
        throw new SmsThrottledError('rate exceeded');
      }
    };

    const result = await runInvitations(scenario.deps, options('run-1'), NO_TIME_LIMIT);

    expect(result.counters.sent).toBe(50);
    expect(new Set(scenario.sms.sent.map((message) => message.phoneNumber)).size).toBe(50);
  });

  it('marks a customer opted out on the carrier error', async () => {
    const [customer] = makeCustomers(1);
    const scenario = createRunScenario(customer ? [customer] : []);
    scenario.sms.beforeSend = () => {
      throw new SmsOptedOutError('number opted out');
    };

    const result = await runInvitations(scenario.deps, options('run-1'), NO_TIME_LIMIT);

    expect(result.counters.skipped.optedOut).toBe(1);
    expect(result.counters.failed).toBe(0);
    expect(scenario.customers.customers.get(customer?.customerId ?? '')?.optedOut).toBe(true);
  });

  it('does not retry an invalid number', async () => {
    const scenario = createRunScenario(makeCustomers(1));
    scenario.sms.beforeSend = () => {
      throw new SmsInvalidNumberError('not a mobile number');
    };

    const result = await runInvitations(scenario.deps, options('run-1'), NO_TIME_LIMIT);

    expect(result.counters.failed).toBe(1);
    expect(scenario.sms.attempts).toHaveLength(1);
  });

  it('stores and sends nothing in a dry run', async () => {
    const scenario = createRunScenario([...makeCustomers(4), ...makeCustomers(2, { smsConsent: false }).map((customer, index) => ({ ...customer, customerId: `no-consent-${index}` }))]);
    const decisions: string[] = [];

    const result = await runInvitations(scenario.deps, options('run-1', { dryRun: true }), { ...NO_TIME_LIMIT, onDecision: (_customer, decision) => decisions.push(decision.action) });

    expect(result.wouldSend).toBe(4);
    expect(result.counters.skipped.noConsent).toBe(2);
    expect(decisions).toHaveLength(6);
    expect(scenario.sms.attempts).toHaveLength(0);
    expect(scenario.invitations.writes).toHaveLength(0);
    expect(scenario.runs.runs.size).toBe(0);
  });

  it('publishes the summary to the admins', async () => {
    const scenario = createRunScenario(makeCustomers(2));

    await runInvitations(scenario.deps, options('run-1'), NO_TIME_LIMIT);

    expect(scenario.notifier.notifications[0]?.body).toContain('run-1 completed: 2 sent');
  });

  it('never logs a full phone number', async () => {
    const customers = makeCustomers(5);
    const scenario = createRunScenario(customers);
    scenario.sms.failingNumbers.add(customers[2]?.phone ?? '');

    await runInvitations(scenario.deps, options('run-1'), NO_TIME_LIMIT);
    const logged = scenario.logger.toJson();

    for (const customer of customers) {
      expect(logged).not.toContain((customer.phone ?? '').slice(2));
    }
  });

  describe('reminders', () => {
    const REMINDING = { ...BASE_OPTIONS.rules, reminderAfterDays: 3 };

    async function invitedFourDaysAgo() {
      const scenario = createRunScenario(makeCustomers(1));
      await runInvitations(scenario.deps, options('run-1'), NO_TIME_LIMIT);
      scenario.clock.advance(4 * 24 * 60 * 60 * 1000);
      return scenario;
    }

    it('sends one reminder with the original link', async () => {
      const scenario = await invitedFourDaysAgo();

      const result = await runInvitations(scenario.deps, options('run-2', { rules: REMINDING }), NO_TIME_LIMIT);
      const [first, reminder] = scenario.sms.sent;

      expect(result.counters.remindersSent).toBe(1);
      expect(reminder?.body).toContain('a reminder from Harbor Coffee');
      expect(verifyToken(KEY_RING, tokenOf(reminder?.body ?? ''), scenario.clock.now()).invitationId).toBe(verifyToken(KEY_RING, tokenOf(first?.body ?? ''), RUN_NOW).invitationId);
    });

    it('never sends a second reminder', async () => {
      const scenario = await invitedFourDaysAgo();
      await runInvitations(scenario.deps, options('run-2', { rules: REMINDING }), NO_TIME_LIMIT);

      scenario.clock.advance(24 * 60 * 60 * 1000);
      const third = await runInvitations(scenario.deps, options('run-3', { rules: REMINDING }), NO_TIME_LIMIT);

      expect(third.counters.remindersSent).toBe(0);
      expect(scenario.sms.sent).toHaveLength(2);
    });

    it('skips the reminder once the link was opened', async () => {
      const scenario = await invitedFourDaysAgo();
      const [invitation] = [...scenario.invitations.invitations.values()];
      await scenario.invitations.markOpened(invitation?.invitationId ?? '', scenario.clock.now().toISOString());

      const result = await runInvitations(scenario.deps, options('run-2', { rules: REMINDING }), NO_TIME_LIMIT);

      expect(result.counters.remindersSent).toBe(0);
      expect(result.counters.skipped.openInvitation).toBe(1);
    });
  });

  it('texts a failed customer in the next run', async () => {
    const customers = makeCustomers(3);
    const scenario = createRunScenario(customers);
    scenario.sms.failingNumbers.add(customers[1]?.phone ?? '');
    await runInvitations(scenario.deps, options('run-1'), NO_TIME_LIMIT);

    scenario.sms.failingNumbers.clear();
    scenario.clock.advance(24 * 60 * 60 * 1000);
    const second = await runInvitations(scenario.deps, options('run-2'), NO_TIME_LIMIT);

    expect(second.counters.sent).toBe(1);
    expect(scenario.sms.sent.at(-1)?.phoneNumber).toBe(customers[1]?.phone);
  });

  it.each([1, 2, 3, 4, 5])('sends no duplicates when a crashed run is abandoned (seed %i)', async (seed) => {
    const scenario = createRunScenario(makeCustomers(200), 50);
    const crashAt = 1 + ((seed * 7919) % 800);

    await runInvitations(withCrashAt(scenario.deps, crashAt), options('run-abandoned', { concurrency: 8 }), NO_TIME_LIMIT).catch(() => undefined);
    scenario.clock.advance(25 * 60 * 1000);
    const next = await runInvitations(scenario.deps, options('run-next', { concurrency: 8 }), NO_TIME_LIMIT);
    const counts = new Map<string, number>();
    scenario.sms.sent.forEach((message) => counts.set(message.phoneNumber, (counts.get(message.phoneNumber) ?? 0) + 1));

    expect(next.status).toBe('completed');
    expect([...counts.values()].filter((count) => count > 1)).toEqual([]);
  });

  describe('after a crash at a random point', () => {
    const CUSTOMER_COUNT = 2000;
    const TRIALS = 20;

    it.each(Array.from({ length: TRIALS }, (_, trial) => trial + 1))('trial %i sends no duplicates and misses only unconfirmed', async (seed) => {
      const scenario = createRunScenario(makeCustomers(CUSTOMER_COUNT), 100);
      // A run makes about four port calls per customer; crash anywhere within them.
      const crashAt = 1 + Math.floor(seededRandom(seed)() * CUSTOMER_COUNT * 4);

      await runInvitations(withCrashAt(scenario.deps, crashAt), options('run-crash', { concurrency: 8 }), NO_TIME_LIMIT).catch(() => undefined);
      const resumed = await runInvitations(scenario.deps, options('run-crash', { concurrency: 8 }), NO_TIME_LIMIT);

      const smsPerPhone = new Map<string, number>();
      for (const message of scenario.sms.sent) {
        smsPerPhone.set(message.phoneNumber, (smsPerPhone.get(message.phoneNumber) ?? 0) + 1);
      }
      const records = makeCustomers(CUSTOMER_COUNT).map((customer) => scenario.invitations.invitations.get(deterministicInvitationId('run-crash', 'invitation', customer.customerId)));
      const missed = makeCustomers(CUSTOMER_COUNT).filter((customer) => !smsPerPhone.has(customer.phone ?? ''));

      expect(resumed.status, `seed ${seed}, crash at call ${crashAt}`).toBe('completed');
      expect([...smsPerPhone.values()].every((count) => count === 1), `seed ${seed}: a phone got two SMS`).toBe(true);
      expect(records.every((record) => record !== undefined), `seed ${seed}: a customer has no record`).toBe(true);
      expect(missed.length, `seed ${seed}: more than one in-flight record was missed`).toBeLessThanOrEqual(8);
      expect(missed.every((customer) => scenario.invitations.invitations.get(deterministicInvitationId('run-crash', 'invitation', customer.customerId))?.status === 'unconfirmed')).toBe(true);
      expect(resumed.counters.sent + resumed.counters.unconfirmed).toBe(CUSTOMER_COUNT);
    });
  });
});

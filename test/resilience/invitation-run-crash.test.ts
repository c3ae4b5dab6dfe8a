import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunOptions } from '../../src/core/invitation-run/run-invitations.ts';
import type { TestStack } from '../helpers/local-stack.ts';
import { startTestStack } from '../helpers/local-stack.ts';
import type { RealRunHarness } from '../helpers/real-run-deps.ts';
import { buildCustomers, crashPoint, createRealRunDeps, expectCleanCrashTrial, runCrashTrial, seedCustomers } from '../helpers/real-run-deps.ts';
import { BASE_OPTIONS } from '../helpers/run-scenario.ts';

const CUSTOMER_COUNT = 2000;
const TRIALS = 20;
const CONCURRENCY = 8;
const DAY_MS = 24 * 60 * 60 * 1000;
const START = new Date('2026-06-10T12:00:00.000Z');

/**
 * Crash trials of the invitation run on the real local stack: DynamoDB in dynalite and SMS through
 * the SNS stand-in, with the AWS SDK in between. Each trial stops a run at a seeded port call and
 * resumes it with the same run id. The customers stay stored across trials, and each trial invites
 * all of them again, because the cooldown is off and the clock moves past the 7-day link expiry.
 */
describe('invitation run after a crash on the local stack', () => {
  const customers = buildCustomers(CUSTOMER_COUNT, { prefix: 'crash' });
  let stack: TestStack;
  let harness: RealRunHarness;

  beforeAll(async () => {
    stack = await startTestStack();
    harness = await createRealRunDeps(stack, { start: START });
    // About 2 KB per customer puts about 490 customers in a 1 MB scan page, so a run has 5 pages
    // and a crash can fall before or after a checkpoint.
    await seedCustomers(customers, { extraBytes: 2_000 });
  });

  afterAll(async () => {
    harness?.destroy();
    await stack?.close();
  });

  it.each(Array.from({ length: TRIALS }, (_, index) => index + 1))('trial %i sends no duplicates and misses only unconfirmed', async (seed) => {
    harness.clock.set(new Date(START.getTime() + seed * 8 * DAY_MS));
    const options: RunOptions = {
      ...BASE_OPTIONS,
      publicBaseUrl: stack.url,
      runId: `run-crash-${seed}`,
      concurrency: CONCURRENCY,
      rules: { ...BASE_OPTIONS.rules, invitationCooldownDays: 0 },
    };
    const crashAt = crashPoint(seed, seed, TRIALS, CUSTOMER_COUNT);

    const trial = await runCrashTrial(stack, harness, customers, options, crashAt);
    const label = `seed ${seed}, crash at call ${crashAt}`;

    expectCleanCrashTrial(trial, label, CUSTOMER_COUNT, CONCURRENCY);
  });
});

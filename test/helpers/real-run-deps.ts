import { expect } from 'vitest';
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../src/adapters/dynamodb/document-client.ts';
import { SnsAdminNotifier } from '../../src/adapters/sns/admin-notifier.ts';
import { SnsSmsSender } from '../../src/adapters/sns/sms-sender.ts';
import { requireVariable } from '../../src/config.ts';
import type { Customer } from '../../src/core/customers.ts';
import type { RunDeps, RunOptions, RunResult } from '../../src/core/invitation-run/run-invitations.ts';
import { runInvitations } from '../../src/core/invitation-run/run-invitations.ts';
import type { Invitation } from '../../src/core/invitations.ts';
import { deterministicInvitationId } from '../../src/core/invitations.ts';
import { createRateLimiter } from '../../src/core/rate-limiter.ts';
import { createStores } from '../../src/functions/shared/runtime.ts';
import { ensureTables } from '../../src/local/dynamodb-server.ts';
import { LOCAL_TABLES } from '../../src/local/environment.ts';
import type { OutboxEntry } from '../../src/local/outbox-entry.ts';
import { FakeClock, RecordingLogger } from './fakes.ts';
import type { TestStack } from './local-stack.ts';
import { SimulatedCrash, seededRandom, withCrashAt } from './run-scenario.ts';
import { readKeyRing } from './seed.ts';

// Builds the invitation run on the real adapters of a started test stack: DynamoDB through
// dynalite and SMS through the SNS stand-in, with the AWS SDK in between. Only time is faked.

export interface RealRunHarness {
  deps: RunDeps;
  clock: FakeClock;
  logger: RecordingLogger;
  stores: ReturnType<typeof createStores>;
  /** Closes the SDK clients' sockets. */
  destroy(): void;
}

export interface RealRunOptions {
  /** Start time of the fake clock. */
  start: Date;
  /** Rate limit in SMS per second. The default `Infinity` sends as fast as the stand-in responds. */
  smsPerSecond?: number;
  /** Retry settings. The default waits at most 8 ms between attempts. */
  retry?: RunDeps['retry'];
}

/**
 * Retries quickly and often: with 30% of publishes throttled at random, 12 attempts give up on an
 * SMS with a probability of 0.3^12, about 5 in 10 million.
 */
const FAST_RETRY: RunDeps['retry'] = { maxAttempts: 12, baseDelayMs: 1, maxDelayMs: 8 };

/** Builds `RunDeps` from the real adapters. The stack must be started, because its environment points the SDK at it. */
export async function createRealRunDeps(stack: TestStack, options: RealRunOptions): Promise<RealRunHarness> {
  const stores = createStores(process.env);
  // One attempt per publish, as in production, so the run's own retries meet every injected fault.
  const smsClient = new SNSClient({ maxAttempts: 1 });
  const notifierClient = new SNSClient({});
  const keyRing = await readKeyRing(stack);
  const rateLimiter = createRateLimiter({ ratePerSecond: options.smsPerSecond ?? Infinity });
  const clock = new FakeClock(options.start);
  const logger = new RecordingLogger();

  const deps: RunDeps = {
    customers: stores.customers,
    invitations: stores.invitations,
    runs: stores.runs,
    sms: new SnsSmsSender(smsClient),
    notifier: new SnsAdminNotifier(notifierClient, requireVariable(process.env, 'STARLING_ADMIN_TOPIC_ARN')),
    clock,
    logger,
    keyRing: async () => keyRing,
    acquireSendSlot: () => rateLimiter.acquire(),
    retry: options.retry ?? FAST_RETRY,
  };

  return {
    deps,
    clock,
    logger,
    stores,
    destroy: () => {
      smsClient.destroy();
      notifierClient.destroy();
    },
  };
}

export interface CustomerSetOptions {
  /** Start of the customer ids, e.g. `throttled` gives `throttled-00000`, `throttled-00001`, …. */
  prefix: string;
  /** Subscriber part of the first phone number, the 7 digits after +1 415. The next customers count up from it. */
  firstNumber?: number;
  overrides?: Partial<Customer>;
}

/** Returns `count` active customers with SMS consent and distinct US numbers. */
export function buildCustomers(count: number, options: CustomerSetOptions): Customer[] {
  const firstNumber = options.firstNumber ?? 5_000_000;
  return Array.from({ length: count }, (_, index) => ({
    customerId: `${options.prefix}-${String(index).padStart(5, '0')}`,
    phone: `+1415${String(firstNumber + index).padStart(7, '0')}`,
    name: `Customer ${index}`,
    firstName: 'Sam',
    status: 'active' as const,
    smsConsent: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...options.overrides,
  }));
}

/** DynamoDB accepts at most 25 puts in one BatchWriteItem and 100 keys in one BatchGetItem. */
const WRITE_BATCH = 25;
const READ_BATCH = 100;
const PARALLEL_BATCHES = 4;

/**
 * Stores customers with BatchWriteItem, 25 per request and 4 requests at a time. `extraBytes` adds
 * a `notes` attribute of that many characters to each item, so that a scan page, which DynamoDB
 * cuts at 1 MB, contains fewer customers and a run spans several pages and checkpoints.
 */
export async function seedCustomers(customers: Customer[], options: { extraBytes?: number } = {}): Promise<void> {
  const client = createDocumentClient();
  const notes = options.extraBytes ? { notes: 'n'.repeat(options.extraBytes) } : {};
  const batches: Array<Record<string, unknown>[]> = [];
  for (let start = 0; start < customers.length; start += WRITE_BATCH) {
    batches.push(customers.slice(start, start + WRITE_BATCH).map((customer) => ({ ...customer, ...notes })));
  }

  try {
    for (let start = 0; start < batches.length; start += PARALLEL_BATCHES) {
      await Promise.all(batches.slice(start, start + PARALLEL_BATCHES).map((items) => writeBatch(client, items)));
    }
  } finally {
    client.destroy();
  }
}

async function writeBatch(client: ReturnType<typeof createDocumentClient>, items: Record<string, unknown>[]): Promise<void> {
  const requests = items.map((Item) => ({ PutRequest: { Item } }));
  const result = await client.send(new BatchWriteCommand({ RequestItems: { [LOCAL_TABLES.customers]: requests } }));
  if (Object.keys(result.UnprocessedItems ?? {}).length > 0) {
    throw new Error(`dynalite left customers of ${LOCAL_TABLES.customers} unprocessed; run the test again`);
  }
}

/** Reads invitations by id with BatchGetItem, 100 per request. The map contains only the ids found. */
export async function getInvitations(invitationIds: string[]): Promise<Map<string, Invitation>> {
  const client = createDocumentClient();
  const found = new Map<string, Invitation>();
  try {
    for (let start = 0; start < invitationIds.length; start += READ_BATCH) {
      let keys: Record<string, unknown>[] = invitationIds.slice(start, start + READ_BATCH).map((invitationId) => ({ invitationId }));
      while (keys.length > 0) {
        const result = await client.send(new BatchGetCommand({ RequestItems: { [LOCAL_TABLES.invitations]: { Keys: keys, ConsistentRead: true } } }));
        for (const item of result.Responses?.[LOCAL_TABLES.invitations] ?? []) {
          const invitation = item as Invitation;
          found.set(invitation.invitationId, invitation);
        }

        keys = result.UnprocessedKeys?.[LOCAL_TABLES.invitations]?.Keys ?? [];
      }
    }
  } finally {
    client.destroy();
  }

  return found;
}

/**
 * Deletes every local table and creates it again, empty. Each test of a file that shares one stack
 * starts from this, because a run scans the whole customers table.
 */
export async function resetTables(): Promise<void> {
  const client = new DynamoDBClient({});
  try {
    for (const table of Object.values(LOCAL_TABLES)) {
      await client.send(new DeleteTableCommand({ TableName: table }));
      // dynalite removes the table a moment after it responds, and the name is taken until then.
      while (await tableExists(client, table)) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }

    await ensureTables(client, LOCAL_TABLES);
    for (const table of Object.values(LOCAL_TABLES)) {
      while ((await client.send(new DescribeTableCommand({ TableName: table }))).Table?.TableStatus !== 'ACTIVE') {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  } finally {
    client.destroy();
  }
}

async function tableExists(client: DynamoDBClient, table: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: table }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) {
      return false;
    }

    throw error;
  }
}

/** Counts the SMS (not admin notifications) in outbox entries by recipient phone number. */
export function countSmsByPhone(entries: OutboxEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    if (entry.kind === 'sms') {
      counts.set(entry.to, (counts.get(entry.to) ?? 0) + 1);
    }
  }

  return counts;
}

export interface CrashTrial {
  /** False when the crash point lay beyond the run's last port call, so the first attempt completed. */
  crashed: boolean;
  resumed: RunResult;
  /** Phone numbers that got more than one SMS in this trial. */
  duplicatePhones: string[];
  /** Customers without an invitation record of the trial's run. */
  withoutRecord: string[];
  /** Customers who got no SMS in this trial. */
  missed: string[];
  /** Customers who got no SMS and whose record is not `unconfirmed`. */
  missedNotUnconfirmed: string[];
}

/**
 * Picks the port call at which trial `trial` (from 1) of `trials` crashes: a seeded random call in
 * the trial's own slice of the run, so that the trials together cover the run from start to end.
 * An invitation run makes four port calls per customer (create, send, markSent, recordInvitation)
 * and a few per page, so about `4 * customerCount` in all.
 */
export function crashPoint(seed: number, trial: number, trials: number, customerCount: number): number {
  const calls = 4 * customerCount;
  return 1 + Math.floor(((trial - 1 + seededRandom(seed)()) / trials) * calls);
}

/**
 * Starts an invitation run that stops during port call `crashAt`, as a killed process would (see
 * `withCrashAt`), then runs it again with the same run id, and collects what both attempts left.
 * The customers must already be stored and eligible.
 */
export async function runCrashTrial(stack: TestStack, harness: RealRunHarness, customers: Customer[], options: RunOptions, crashAt: number): Promise<CrashTrial> {
  const outboxBefore = (await stack.outbox()).length;
  const noTimeLimit = { remainingMs: () => Number.POSITIVE_INFINITY };

  let crashed = false;
  try {
    await runInvitations(withCrashAt(harness.deps, crashAt), options, noTimeLimit);
  } catch (error) {
    if (!(error instanceof SimulatedCrash)) {
      throw error;
    }

    crashed = true;
  }

  const resumed = await runInvitations(harness.deps, options, noTimeLimit);
  const smsPerPhone = countSmsByPhone((await stack.outbox()).slice(outboxBefore));
  const stored = await getInvitations(customers.map((customer) => deterministicInvitationId(options.runId, 'invitation', customer.customerId)));
  const records = new Map([...stored.values()].map((invitation) => [invitation.customerId, invitation]));
  const missed = customers.filter((customer) => !smsPerPhone.has(customer.phone ?? ''));

  return {
    crashed,
    resumed,
    duplicatePhones: [...smsPerPhone].filter(([, count]) => count > 1).map(([phone]) => phone),
    withoutRecord: customers.filter((customer) => !records.has(customer.customerId)).map((customer) => customer.customerId),
    missed: missed.map((customer) => customer.customerId),
    missedNotUnconfirmed: missed.filter((customer) => records.get(customer.customerId)?.status !== 'unconfirmed').map((customer) => customer.customerId),
  };
}

/** Asserts what every crash trial must show: completion, no duplicate, and misses only as `unconfirmed`. */
export function expectCleanCrashTrial(trial: CrashTrial, label: string, customerCount: number, concurrency: number): void {
  expect(trial.crashed, label).toBe(true);
  expect(trial.resumed.status, label).toBe('completed');
  expect(trial.duplicatePhones, label).toEqual([]);
  expect(trial.withoutRecord, label).toEqual([]);
  expect(trial.missedNotUnconfirmed, label).toEqual([]);
  expect(trial.missed.length, label).toBeLessThanOrEqual(concurrency);
  expect(trial.resumed.counters.sent + trial.resumed.counters.unconfirmed, label).toBe(customerCount);
}

import type { Customer } from '../../src/core/customers.ts';
import type { RunDeps, RunOptions } from '../../src/core/invitation-run/run-invitations.ts';
import { parseSmsTemplate } from '../../src/core/sms-text.ts';
import type { TokenKeyRing } from '../../src/core/tokens.ts';
import { FakeClock, InMemoryCustomerStore, InMemoryInvitationStore, InMemoryRunStore, RecordingAdminNotifier, RecordingLogger, RecordingSmsSender } from './fakes.ts';

export const RUN_NOW = new Date('2026-06-10T12:00:00.000Z');
export const KEY_RING: TokenKeyRing = { current: { id: 1, secret: Buffer.alloc(32, 7) }, verifyOnly: [] };

export const BASE_OPTIONS: Omit<RunOptions, 'runId'> = {
  businessName: 'Harbor Coffee',
  publicBaseUrl: 'https://rv.example.com',
  ttlDays: 7,
  invitationTemplate: parseSmsTemplate('Hi {firstName}, {business} would love your feedback: {link} Reply STOP to opt out.'),
  reminderTemplate: parseSmsTemplate('Hi {firstName}, a reminder from {business}: {link} Reply STOP to opt out.'),
  rules: { invitationCooldownDays: 30, reviewCooldownDays: 180, businessTimeZone: 'UTC', sendingWindow: { startHour: 9, endHour: 20 } },
  dryRun: false,
  segments: 1,
  concurrency: 4,
  minRemainingMs: 0,
};

/** Returns `count` eligible customers with distinct US numbers. */
export function makeCustomers(count: number, overrides: Partial<Customer> = {}): Customer[] {
  return Array.from({ length: count }, (_, index) => ({
    customerId: `customer-${String(index).padStart(5, '0')}`,
    phone: `+1415${String(5_000_000 + index).padStart(7, '0')}`,
    name: `Customer ${index}`,
    firstName: 'Sam',
    status: 'active',
    smsConsent: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  }));
}

/** In-memory ports for the invitation run, with nothing slowing it down. */
export function createRunScenario(customers: Customer[], pageSize = 100) {
  const stores = {
    customers: new InMemoryCustomerStore(pageSize),
    invitations: new InMemoryInvitationStore(),
    runs: new InMemoryRunStore(),
  };
  stores.customers.add(...customers);

  const sms = new RecordingSmsSender();
  const notifier = new RecordingAdminNotifier();
  const clock = new FakeClock(RUN_NOW);
  const logger = new RecordingLogger();
  const deps: RunDeps = {
    ...stores,
    sms,
    notifier,
    clock,
    logger,
    keyRing: async () => KEY_RING,
    acquireSendSlot: async () => undefined,
    retry: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 4, sleep: async () => undefined },
  };

  return { deps, ...stores, sms, notifier, clock, logger };
}

/** Thrown by every port call after a simulated crash; nothing after that point reaches storage. */
export class SimulatedCrash extends Error {}

/**
 * Wraps the run's ports so the process "dies" at port call number `crashAt`: that call takes
 * effect (an SMS really leaves, a write really lands) but its caller never sees the result, and
 * every later call fails before doing anything. That is what a killed process leaves behind.
 */
export function withCrashAt(deps: RunDeps, crashAt: number): RunDeps {
  let calls = 0;

  const wrap = <T extends object>(port: T): T =>
    new Proxy(port, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') {
          return value;
        }

        return async (...args: unknown[]) => {
          calls += 1;
          if (calls > crashAt) {
            throw new SimulatedCrash(`process already stopped (call ${calls})`);
          }

          const result = await value.apply(target, args);
          if (calls === crashAt) {
            throw new SimulatedCrash(`process stopped during call ${calls}`);
          }

          return result;
        };
      },
    });

  return { ...deps, customers: wrap(deps.customers), invitations: wrap(deps.invitations), runs: wrap(deps.runs), sms: wrap(deps.sms) };
}

/** Returns a seeded generator of numbers in [0, 1) (mulberry32), so a failing trial can be rerun exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

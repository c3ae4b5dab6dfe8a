import { describe, expect, it } from 'vitest';
import type { Customer } from '../../src/core/customers.ts';
import type { SendInvitationsDeps, SendInvitationsOptions } from '../../src/core/send-invitations.ts';
import { sendInvitations } from '../../src/core/send-invitations.ts';
import type { TokenKeyRing } from '../../src/core/tokens.ts';
import { verifyToken } from '../../src/core/tokens.ts';
import { FakeClock, InMemoryCustomerStore, InMemoryInvitationStore, RecordingLogger, RecordingSmsSender } from '../helpers/fakes.ts';

const NOW = new Date('2025-03-01T10:00:00.000Z');
const KEY_RING: TokenKeyRing = { current: { id: 3, secret: Buffer.alloc(32, 0x7e) }, verifyOnly: [] };

const OPTIONS: SendInvitationsOptions = {
  businessName: 'Harbor Coffee',
  publicBaseUrl: 'https://reviews.example.com/',
  ttlDays: 7,
  dryRun: false,
};
const DRY_RUN: SendInvitationsOptions = { ...OPTIONS, dryRun: true };

const BASE_CUSTOMER: Customer = {
  customerId: 'customer-0',
  phone: '+14155550100',
  name: 'Ada Lovelace',
  firstName: 'Ada',
  status: 'active',
  smsConsent: true,
  createdAt: '2025-02-01T10:00:00.000Z',
  updatedAt: '2025-02-01T10:00:00.000Z',
};

/** Returns an eligible customer with its own id and phone number, changed by `overrides`. */
function customerNumber(index: number, overrides: Partial<Customer> = {}): Customer {
  return {
    ...BASE_CUSTOMER,
    customerId: `customer-${index}`,
    phone: `+1415555${String(100 + index).padStart(4, '0')}`,
    ...overrides,
  };
}

/** Nine customers: three eligible, two inactive, three without consent and one without phone. */
const MIXED_CUSTOMERS: Customer[] = [
  customerNumber(1),
  customerNumber(2, { status: 'inactive' }),
  customerNumber(3, { smsConsent: false }),
  customerNumber(4),
  customerNumber(5, { phone: undefined }),
  customerNumber(6, { status: 'inactive', smsConsent: false }),
  customerNumber(7, { smsConsent: false }),
  customerNumber(8, { smsConsent: false, phone: undefined }),
  customerNumber(9),
];
const ELIGIBLE_PHONES = ['+14155550101', '+14155550104', '+14155550109'];
const FAILING_PHONE = '+14155550104';

const MANY_CUSTOMERS: Customer[] = Array.from({ length: 25 }, (_, index) => customerNumber(index + 1));

interface Scenario {
  deps: SendInvitationsDeps;
  customers: InMemoryCustomerStore;
  invitations: InMemoryInvitationStore;
  sms: RecordingSmsSender;
  clock: FakeClock;
  logger: RecordingLogger;
}

function createScenario(customerList: Customer[], pageSize = 4): Scenario {
  const customers = new InMemoryCustomerStore(pageSize);
  customers.add(...customerList);
  const invitations = new InMemoryInvitationStore();
  const sms = new RecordingSmsSender();
  const clock = new FakeClock(NOW);
  const logger = new RecordingLogger();

  const deps: SendInvitationsDeps = { customers, invitations, sms, clock, logger, keyRing: async () => KEY_RING };
  return { deps, customers, invitations, sms, clock, logger };
}

function tokenIn(body: string): string {
  const match = /[?&]token=([A-Za-z0-9_-]+)/.exec(body);
  if (!match?.[1]) {
    throw new Error(`SMS body has no review link: ${body}`);
  }

  return match[1];
}

function sentPhones(sms: RecordingSmsSender): string[] {
  return sms.sent.map((message) => message.phoneNumber).sort();
}

describe('send-invitations', () => {
  describe('sendInvitations', () => {
    it('texts customers on every page', async () => {
      // Prepare
      const { deps, sms } = createScenario(MANY_CUSTOMERS, 10);

      // Act
      await sendInvitations(deps, OPTIONS);

      // Assess
      expect(sentPhones(sms)).toEqual(MANY_CUSTOMERS.map((customer) => customer.phone).sort());
    });

    it('follows each page cursor once', async () => {
      // Prepare
      const { deps, customers } = createScenario(MANY_CUSTOMERS, 10);

      // Act
      await sendInvitations(deps, OPTIONS);

      // Assess
      expect(customers.scanCursors).toEqual([undefined, '10', '20']);
    });

    it('counts sent SMS across pages', async () => {
      // Prepare
      const { deps } = createScenario(MANY_CUSTOMERS, 10);

      // Act
      const summary = await sendInvitations(deps, OPTIONS);

      // Assess
      expect(summary.sent).toBe(25);
    });

    it('counts skipped customers by reason', async () => {
      // Prepare
      const { deps } = createScenario(MIXED_CUSTOMERS);

      // Act
      const summary = await sendInvitations(deps, OPTIONS);

      // Assess
      expect(summary.skipped).toEqual({ inactive: 2, noConsent: 3, noPhone: 1 });
    });

    it('texts only eligible customers', async () => {
      // Prepare
      const { deps, sms } = createScenario(MIXED_CUSTOMERS);

      // Act
      await sendInvitations(deps, OPTIONS);

      // Assess
      expect(sentPhones(sms)).toEqual(ELIGIBLE_PHONES);
    });

    it('stores invitation before sending', async () => {
      // Prepare
      const { deps, sms, invitations } = createScenario(MIXED_CUSTOMERS);
      const statusesAtSend: Array<string | undefined> = [];
      sms.beforeSend = async (message) => {
        const { invitationId } = verifyToken(KEY_RING, tokenIn(message.body), NOW);
        statusesAtSend.push((await invitations.get(invitationId))?.status);
      };

      // Act
      await sendInvitations(deps, OPTIONS);

      // Assess
      expect(statusesAtSend).toEqual(['pending', 'pending', 'pending']);
    });

    it('stores one invitation per SMS', async () => {
      // Prepare
      const { deps, invitations } = createScenario(MIXED_CUSTOMERS);

      // Act
      await sendInvitations(deps, OPTIONS);

      // Assess
      expect(invitations.invitations.size).toBe(3);
    });

    it('marks invitation sent with message id', async () => {
      // Prepare
      const { deps, invitations } = createScenario([customerNumber(1)]);

      // Act
      await sendInvitations(deps, OPTIONS);

      // Assess
      expect([...invitations.invitations.values()]).toEqual([
        {
          invitationId: expect.stringMatching(/^[0-9a-f]{32}$/),
          customerId: 'customer-1',
          status: 'sent',
          createdAt: NOW.toISOString(),
          expiresAt: '2025-03-08T10:00:00.000Z',
          messageId: 'message-1',
          sentAt: NOW.toISOString(),
        },
      ]);
    });

    it('links token to stored invitation', async () => {
      // Prepare
      const { deps, sms, invitations } = createScenario(MIXED_CUSTOMERS);

      // Act
      await sendInvitations(deps, OPTIONS);

      // Assess
      const linked = await Promise.all(
        sms.sent.map(async (message) => {
          const { invitationId } = verifyToken(KEY_RING, tokenIn(message.body), NOW);
          const invitation = await invitations.get(invitationId);
          return { phone: message.phoneNumber, customerId: invitation?.customerId };
        }),
      );
      expect(linked).toEqual([
        { phone: '+14155550101', customerId: 'customer-1' },
        { phone: '+14155550104', customerId: 'customer-4' },
        { phone: '+14155550109', customerId: 'customer-9' },
      ]);
    });

    it('links to the public review page', async () => {
      // Prepare
      const { deps, sms } = createScenario([customerNumber(1)]);

      // Act
      await sendInvitations(deps, OPTIONS);

      // Assess
      expect(sms.sent[0]?.body).toContain('https://reviews.example.com/review?token=');
    });

    it('greets customer by first name', async () => {
      // Prepare
      const { deps, sms } = createScenario([customerNumber(1)]);

      // Act
      await sendInvitations(deps, OPTIONS);

      // Assess
      expect(sms.sent[0]?.body.startsWith('Hi Ada, Harbor Coffee would love your feedback: ')).toBe(true);
    });

    it('marks failed SMS invitation failed', async () => {
      // Prepare
      const { deps, sms, invitations } = createScenario(MIXED_CUSTOMERS);
      sms.failingNumbers.add(FAILING_PHONE);

      // Act
      await sendInvitations(deps, OPTIONS);

      // Assess
      const failed = [...invitations.invitations.values()].filter((invitation) => invitation.status === 'failed');
      expect(failed.map((invitation) => invitation.customerId)).toEqual(['customer-4']);
    });

    it('masks phone in failure reason', async () => {
      // Prepare
      const { deps, sms, invitations } = createScenario([customerNumber(4)]);
      sms.failingNumbers.add(FAILING_PHONE);

      // Act
      await sendInvitations(deps, OPTIONS);

      // Assess
      const [invitation] = [...invitations.invitations.values()];
      expect(invitation?.failure).toBe('InvalidParameterException: Invalid parameter: PhoneNumber Reason: +1********04 is not valid to publish to');
    });

    it('continues after a failed SMS', async () => {
      // Prepare
      const { deps, sms } = createScenario(MIXED_CUSTOMERS);
      sms.failingNumbers.add(FAILING_PHONE);

      // Act
      await sendInvitations(deps, OPTIONS);

      // Assess
      expect(sentPhones(sms)).toEqual(['+14155550101', '+14155550109']);
    });

    it('counts failed and sent SMS', async () => {
      // Prepare
      const { deps, sms } = createScenario(MIXED_CUSTOMERS);
      sms.failingNumbers.add(FAILING_PHONE);

      // Act
      const summary = await sendInvitations(deps, OPTIONS);

      // Assess
      expect(summary).toMatchObject({ sent: 2, failed: 1 });
    });

    it('counts SMS sent despite markSent failure', async () => {
      // Prepare
      const { deps, invitations } = createScenario(MIXED_CUSTOMERS);
      invitations.failingMethods.add('markSent');

      // Act
      const summary = await sendInvitations(deps, OPTIONS);

      // Assess
      expect(summary).toMatchObject({ sent: 3, failed: 0 });
    });

    it('continues when markFailed throws', async () => {
      // Prepare
      const { deps, sms, invitations } = createScenario(MIXED_CUSTOMERS);
      sms.failingNumbers.add(FAILING_PHONE);
      invitations.failingMethods.add('markFailed');

      // Act
      await sendInvitations(deps, OPTIONS).catch(() => undefined);

      // Assess
      expect(sentPhones(sms)).toEqual(['+14155550101', '+14155550109']);
    });

    it('reports duration from the clock', async () => {
      // Prepare
      const { deps, sms, clock } = createScenario(MIXED_CUSTOMERS);
      sms.beforeSend = () => clock.advance(1_000);

      // Act
      const summary = await sendInvitations(deps, OPTIONS);

      // Assess
      expect(summary.durationMs).toBe(3_000);
    });

    it('omits plan outside dry run', async () => {
      // Prepare
      const { deps } = createScenario(MIXED_CUSTOMERS);

      // Act
      const summary = await sendInvitations(deps, OPTIONS);

      // Assess
      expect(summary.planned).toBeUndefined();
    });

    it('stores nothing in dry run', async () => {
      // Prepare
      const { deps, invitations } = createScenario(MIXED_CUSTOMERS);

      // Act
      await sendInvitations(deps, DRY_RUN);

      // Assess
      expect(invitations.writes).toEqual([]);
    });

    it('sends nothing in dry run', async () => {
      // Prepare
      const { deps, sms } = createScenario(MIXED_CUSTOMERS);

      // Act
      await sendInvitations(deps, DRY_RUN);

      // Assess
      expect(sms.attempts).toEqual([]);
    });

    it('lists every decision in dry run', async () => {
      // Prepare
      const { deps } = createScenario(MIXED_CUSTOMERS);

      // Act
      const summary = await sendInvitations(deps, DRY_RUN);

      // Assess
      expect(summary.planned?.map(({ customerId, decision }) => `${customerId}: ${decision}`)).toEqual([
        'customer-1: send',
        'customer-2: inactive',
        'customer-3: noConsent',
        'customer-4: send',
        'customer-5: noPhone',
        'customer-6: inactive',
        'customer-7: noConsent',
        'customer-8: noConsent',
        'customer-9: send',
      ]);
    });

    it('lists customers of every page in dry run', async () => {
      // Prepare
      const { deps } = createScenario(MANY_CUSTOMERS, 10);

      // Act
      const summary = await sendInvitations(deps, DRY_RUN);

      // Assess
      expect(summary.planned).toHaveLength(25);
    });

    it('masks phones in dry-run plan', async () => {
      // Prepare
      const { deps } = createScenario(MIXED_CUSTOMERS);

      // Act
      const summary = await sendInvitations(deps, DRY_RUN);

      // Assess
      expect(summary.planned?.map((planned) => planned.phone)).toEqual([
        '+1********01',
        '+1********02',
        '+1********03',
        '+1********04',
        undefined,
        '+1********06',
        '+1********07',
        undefined,
        '+1********09',
      ]);
    });

    it.each([
      { label: 'normal', options: OPTIONS, failingMethod: undefined },
      { label: 'dry', options: DRY_RUN, failingMethod: undefined },
      { label: 'markSent failure', options: OPTIONS, failingMethod: 'markSent' as const },
    ])('never logs full phone in $label run', async ({ options, failingMethod }) => {
      // Prepare
      const { deps, sms, invitations, logger } = createScenario(MIXED_CUSTOMERS);
      sms.failingNumbers.add(FAILING_PHONE);
      if (failingMethod) {
        invitations.failingMethods.add(failingMethod);
      }

      // Act
      await sendInvitations(deps, options);

      // Assess
      const logged = logger.toJson();
      // Every test phone starts with +1, so searching for the ten digits after it also catches
      // numbers logged without the plus or the country code.
      const leaked = MIXED_CUSTOMERS.flatMap((customer) => (customer.phone ? [customer.phone.slice(2)] : [])).filter((digits) =>
        logged.includes(digits),
      );
      expect(leaked).toEqual([]);
    });

    it('logs the failed SMS as error', async () => {
      // Prepare
      const { deps, sms, logger } = createScenario(MIXED_CUSTOMERS);
      sms.failingNumbers.add(FAILING_PHONE);

      // Act
      await sendInvitations(deps, OPTIONS);

      // Assess
      expect(logger.messages('error')).toEqual(['invitation SMS failed']);
    });
  });
});

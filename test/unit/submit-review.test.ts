import { describe, expect, it } from 'vitest';
import type { Customer } from '../../src/core/customers.ts';
import {
  InvitationUnavailableError,
  ReviewAlreadySubmittedError,
  TokenExpiredError,
  TokenInvalidError,
  TokenMissingError,
  ValidationError,
} from '../../src/core/errors.ts';
import type { Invitation } from '../../src/core/invitations.ts';
import { openReviewForm } from '../../src/core/review-access.ts';
import { reviewIdFor } from '../../src/core/reviews.ts';
import type { SubmitReviewDeps, SubmitReviewResult } from '../../src/core/submit-review.ts';
import { submitReview } from '../../src/core/submit-review.ts';
import type { TokenKeyRing } from '../../src/core/tokens.ts';
import { signToken } from '../../src/core/tokens.ts';
import type { SubmittedFields } from '../../src/core/validation.ts';
import {
  FakeClock,
  InMemoryCustomerStore,
  InMemoryInvitationStore,
  InMemoryReviewStore,
  RecordingAdminNotifier,
  RecordingLogger,
} from '../helpers/fakes.ts';

const NOW = new Date('2025-03-01T10:00:00.000Z');
const HOUR_MS = 60 * 60 * 1000;
const ADMIN_BASE_URL = 'https://admin.example.com';
const KEY_RING: TokenKeyRing = { current: { id: 1, secret: Buffer.alloc(32, 0x5a) }, verifyOnly: [] };

const CUSTOMER: Customer = {
  customerId: 'customer-1',
  phone: '+14155550132',
  name: 'Ada Lovelace',
  firstName: 'Ada',
  status: 'active',
  smsConsent: true,
  createdAt: '2025-02-01T10:00:00.000Z',
  updatedAt: '2025-02-01T10:00:00.000Z',
};

const INVITATION: Invitation = {
  invitationId: '0123456789abcdef0123456789abcdef',
  customerId: CUSTOMER.customerId,
  status: 'sent',
  createdAt: '2025-02-28T10:00:00.000Z',
  expiresAt: '2025-03-07T10:00:00.000Z',
  sentAt: '2025-02-28T10:00:01.000Z',
  messageId: 'message-1',
};

const TOKEN = signToken(KEY_RING, INVITATION.invitationId, new Date(INVITATION.expiresAt));
const REVIEW_ID = reviewIdFor(INVITATION.invitationId);
const FIELDS: SubmittedFields = { token: TOKEN, rating: '4', text: '  Great coffee.\r\nFriendly staff.  ' };
const INVALID_FIELDS: SubmittedFields = { token: TOKEN, rating: '9', text: 'Great\u0000coffee' };

const UNAVAILABLE_CASES: Array<{ label: string; customers: Customer[]; invitations: Invitation[] }> = [
  { label: 'inactive customer', customers: [{ ...CUSTOMER, status: 'inactive' }], invitations: [INVITATION] },
  { label: 'deleted customer', customers: [], invitations: [INVITATION] },
  { label: 'missing invitation', customers: [CUSTOMER], invitations: [] },
];

interface Scenario {
  deps: SubmitReviewDeps;
  invitations: InMemoryInvitationStore;
  reviews: InMemoryReviewStore;
  notifier: RecordingAdminNotifier;
  clock: FakeClock;
  logger: RecordingLogger;
}

/** Builds fresh fakes that contain `customers` and `invitations`, by default one customer and its sent invitation. */
function createScenario(options: { customers?: Customer[]; invitations?: Invitation[] } = {}): Scenario {
  const customers = new InMemoryCustomerStore();
  customers.add(...(options.customers ?? [CUSTOMER]));
  const invitations = new InMemoryInvitationStore();
  invitations.add(...(options.invitations ?? [INVITATION]));
  const reviews = new InMemoryReviewStore();
  const notifier = new RecordingAdminNotifier();
  const clock = new FakeClock(NOW);
  const logger = new RecordingLogger();

  const deps: SubmitReviewDeps = {
    customers,
    invitations,
    reviews,
    notifier,
    clock,
    logger,
    keyRing: async () => KEY_RING,
    adminBaseUrl: ADMIN_BASE_URL,
  };
  return { deps, invitations, reviews, notifier, clock, logger };
}

function asInvalid(result: SubmitReviewResult): Extract<SubmitReviewResult, { outcome: 'invalid' }> {
  if (result.outcome !== 'invalid') {
    throw new Error(`expected outcome invalid, got ${result.outcome}`);
  }

  return result;
}

describe('submit-review', () => {
  describe('submitReview', () => {
    it('returns created for first review', async () => {
      // Prepare
      const { deps } = createScenario();

      // Act
      const result = await submitReview(deps, FIELDS);

      // Assess
      expect(result.outcome).toBe('created');
    });

    it('stores normalized review as new', async () => {
      // Prepare
      const { deps, reviews } = createScenario();

      // Act
      await submitReview(deps, FIELDS);

      // Assess
      expect(await reviews.get(REVIEW_ID)).toEqual({
        reviewId: REVIEW_ID,
        invitationId: INVITATION.invitationId,
        customerId: CUSTOMER.customerId,
        rating: 4,
        text: 'Great coffee.\nFriendly staff.',
        status: 'new',
        createdAt: NOW.toISOString(),
      });
    });

    it('notifies admins with review link', async () => {
      // Prepare
      const { deps, notifier } = createScenario();

      // Act
      await submitReview(deps, FIELDS);

      // Assess
      expect(notifier.notifications[0]?.body).toContain(`${ADMIN_BASE_URL}/admin/reviews/${REVIEW_ID}`);
    });

    it('sends exactly one notification', async () => {
      // Prepare
      const { deps, notifier } = createScenario();

      // Act
      await submitReview(deps, FIELDS);

      // Assess
      expect(notifier.notifications).toHaveLength(1);
    });

    it('marks the invitation used', async () => {
      // Prepare
      const { deps, invitations } = createScenario();

      // Act
      await submitReview(deps, FIELDS);

      // Assess
      expect((await invitations.get(INVITATION.invitationId))?.usedAt).toBe(NOW.toISOString());
    });

    it('returns repeated for identical resubmission', async () => {
      // Prepare
      const { deps, clock } = createScenario();
      await submitReview(deps, FIELDS);
      clock.advance(HOUR_MS);

      // Act
      const result = await submitReview(deps, FIELDS);

      // Assess
      expect(result.outcome).toBe('repeated');
    });

    it('returns first review on repeat', async () => {
      // Prepare
      const { deps, clock } = createScenario();
      await submitReview(deps, FIELDS);
      clock.advance(HOUR_MS);

      // Act
      const result = await submitReview(deps, FIELDS);

      // Assess
      expect(result).toMatchObject({ review: { reviewId: REVIEW_ID, createdAt: NOW.toISOString() } });
    });

    it('stores nothing on repeat', async () => {
      // Prepare
      const { deps, reviews } = createScenario();
      await submitReview(deps, FIELDS);

      // Act
      await submitReview(deps, FIELDS);

      // Assess
      expect(reviews.storedCount).toBe(1);
    });

    it('notifies nothing on repeat', async () => {
      // Prepare
      const { deps, notifier } = createScenario();
      await submitReview(deps, FIELDS);

      // Act
      await submitReview(deps, FIELDS);

      // Assess
      expect(notifier.notifications).toHaveLength(1);
    });

    it('compares normalized text on repeat', async () => {
      // Prepare
      const { deps } = createScenario();
      await submitReview(deps, FIELDS);

      // Act
      const result = await submitReview(deps, { ...FIELDS, text: 'Great coffee.\nFriendly staff.' });

      // Assess
      expect(result.outcome).toBe('repeated');
    });

    it.each([
      { label: 'other rating', changes: { rating: '5' } },
      { label: 'other text', changes: { text: 'Great coffee.' } },
      { label: 'no text', changes: { text: undefined } },
    ])('rejects resubmission with $label', async ({ changes }) => {
      // Prepare
      const { deps } = createScenario();
      await submitReview(deps, FIELDS);

      // Act
      const submission = submitReview(deps, { ...FIELDS, ...changes });

      // Assess
      await expect(submission).rejects.toThrow(ReviewAlreadySubmittedError);
    });

    it('keeps first review after rejection', async () => {
      // Prepare
      const { deps, reviews } = createScenario();
      await submitReview(deps, FIELDS);

      // Act
      await submitReview(deps, { ...FIELDS, rating: '1' }).catch(() => undefined);

      // Assess
      expect((await reviews.get(REVIEW_ID))?.rating).toBe(4);
    });

    it('returns invalid for bad fields', async () => {
      // Prepare
      const { deps } = createScenario();

      // Act
      const result = await submitReview(deps, INVALID_FIELDS);

      // Assess
      expect(result.outcome).toBe('invalid');
    });

    it('reports both field errors together', async () => {
      // Prepare
      const { deps } = createScenario();

      // Act
      const result = asInvalid(await submitReview(deps, INVALID_FIELDS));

      // Assess
      expect(Object.keys(result.errors).sort()).toEqual(['rating', 'text']);
    });

    it('returns submitted fields when invalid', async () => {
      // Prepare
      const { deps } = createScenario();

      // Act
      const result = asInvalid(await submitReview(deps, INVALID_FIELDS));

      // Assess
      expect(result.fields).toEqual(INVALID_FIELDS);
    });

    it('reports only rating when missing', async () => {
      // Prepare
      const { deps } = createScenario();

      // Act
      const result = asInvalid(await submitReview(deps, { token: TOKEN, text: 'Great coffee.' }));

      // Assess
      expect(Object.keys(result.errors)).toEqual(['rating']);
    });

    it('reports text error alone', async () => {
      // Prepare
      const { deps } = createScenario();

      // Act
      const result = asInvalid(await submitReview(deps, { ...FIELDS, text: 'Great\u001Bcoffee' }));

      // Assess
      expect(Object.keys(result.errors)).toEqual(['text']);
    });

    it('stores nothing when invalid', async () => {
      // Prepare
      const { deps, reviews } = createScenario();

      // Act
      await submitReview(deps, INVALID_FIELDS);

      // Assess
      expect(reviews.reviews.size).toBe(0);
    });

    it('notifies nothing when invalid', async () => {
      // Prepare
      const { deps, notifier } = createScenario();

      // Act
      await submitReview(deps, INVALID_FIELDS);

      // Assess
      expect(notifier.notifications).toHaveLength(0);
    });

    it('keeps link unused when invalid', async () => {
      // Prepare
      const { deps, invitations } = createScenario();

      // Act
      await submitReview(deps, INVALID_FIELDS);

      // Assess
      expect((await invitations.get(INVITATION.invitationId))?.usedAt).toBeUndefined();
    });

    it('returns created when notifier throws', async () => {
      // Prepare
      const { deps, notifier } = createScenario();
      notifier.failure = new Error('SNS publish timed out');

      // Act
      const result = await submitReview(deps, FIELDS);

      // Assess
      expect(result.outcome).toBe('created');
    });

    it('stores review when notifier throws', async () => {
      // Prepare
      const { deps, notifier, reviews } = createScenario();
      notifier.failure = new Error('SNS publish timed out');

      // Act
      await submitReview(deps, FIELDS);

      // Assess
      expect(await reviews.get(REVIEW_ID)).toBeDefined();
    });

    it('logs notifier failure as error', async () => {
      // Prepare
      const { deps, notifier, logger } = createScenario();
      notifier.failure = new Error('SNS publish timed out');

      // Act
      await submitReview(deps, FIELDS);

      // Assess
      expect(logger.messages('error')).toEqual(['failed to notify admins of new review']);
    });

    it('returns created when markUsed fails', async () => {
      // Prepare
      const { deps, invitations } = createScenario();
      invitations.failingMethods.add('markUsed');

      // Act
      const result = await submitReview(deps, FIELDS);

      // Assess
      expect(result.outcome).toBe('created');
    });

    it.each(UNAVAILABLE_CASES)('rejects link of $label', async ({ customers, invitations }) => {
      // Prepare
      const { deps } = createScenario({ customers, invitations });

      // Act
      const submission = submitReview(deps, FIELDS);

      // Assess
      await expect(submission).rejects.toThrow(InvitationUnavailableError);
    });

    it('stores nothing for inactive customer', async () => {
      // Prepare
      const { deps, reviews } = createScenario({ customers: [{ ...CUSTOMER, status: 'inactive' }] });

      // Act
      await submitReview(deps, FIELDS).catch(() => undefined);

      // Assess
      expect(reviews.reviews.size).toBe(0);
    });

    it('rejects link at its expiry', async () => {
      // Prepare
      const { deps, clock } = createScenario();
      clock.set(new Date(INVITATION.expiresAt));

      // Act
      const submission = submitReview(deps, FIELDS);

      // Assess
      await expect(submission).rejects.toThrow(TokenExpiredError);
    });

    it('rejects tampered token', async () => {
      // Prepare
      const { deps } = createScenario();
      const tampered = `${TOKEN.slice(0, 20)}${TOKEN[20] === 'A' ? 'B' : 'A'}${TOKEN.slice(21)}`;

      // Act
      const submission = submitReview(deps, { ...FIELDS, token: tampered });

      // Assess
      await expect(submission).rejects.toThrow(TokenInvalidError);
    });

    it('rejects missing token', async () => {
      // Prepare
      const { deps } = createScenario();

      // Act
      const submission = submitReview(deps, { rating: '4' });

      // Assess
      await expect(submission).rejects.toThrow(TokenMissingError);
    });

    it('rejects repeated token field', async () => {
      // Prepare
      const { deps } = createScenario();

      // Act
      const submission = submitReview(deps, { ...FIELDS, token: [TOKEN, TOKEN] });

      // Assess
      await expect(submission).rejects.toThrow(ValidationError);
    });
  });

  describe('openReviewForm', () => {
    it('returns customer first name', async () => {
      // Prepare
      const { deps } = createScenario();

      // Act
      const context = await openReviewForm(deps, TOKEN);

      // Assess
      expect(context.firstName).toBe('Ada');
    });

    it('returns the linked invitation', async () => {
      // Prepare
      const { deps } = createScenario();

      // Act
      const context = await openReviewForm(deps, TOKEN);

      // Assess
      expect(context.invitation.invitationId).toBe(INVITATION.invitationId);
    });

    it('records first open time', async () => {
      // Prepare
      const { deps, invitations } = createScenario();

      // Act
      await openReviewForm(deps, TOKEN);

      // Assess
      expect((await invitations.get(INVITATION.invitationId))?.openedAt).toBe(NOW.toISOString());
    });

    it('keeps first open time on reopen', async () => {
      // Prepare
      const { deps, invitations, clock } = createScenario();
      await openReviewForm(deps, TOKEN);
      clock.advance(HOUR_MS);

      // Act
      await openReviewForm(deps, TOKEN);

      // Assess
      expect((await invitations.get(INVITATION.invitationId))?.openedAt).toBe(NOW.toISOString());
    });

    it('writes open time only once', async () => {
      // Prepare
      const { deps, invitations, clock } = createScenario();
      await openReviewForm(deps, TOKEN);
      clock.advance(HOUR_MS);

      // Act
      await openReviewForm(deps, TOKEN);

      // Assess
      expect(invitations.countWrites('markOpened')).toBe(1);
    });

    it('never marks link used', async () => {
      // Prepare
      const { deps, invitations } = createScenario();

      // Act
      await openReviewForm(deps, TOKEN);
      await openReviewForm(deps, TOKEN);

      // Assess
      expect(invitations.countWrites('markUsed')).toBe(0);
    });

    it('rejects once review exists', async () => {
      // Prepare
      const { deps } = createScenario();
      await submitReview(deps, FIELDS);

      // Act
      const opening = openReviewForm(deps, TOKEN);

      // Assess
      await expect(opening).rejects.toThrow(ReviewAlreadySubmittedError);
    });

    it('names existing review on rejection', async () => {
      // Prepare
      const { deps } = createScenario();
      await submitReview(deps, FIELDS);

      // Act
      const opening = openReviewForm(deps, TOKEN);

      // Assess
      await expect(opening).rejects.toMatchObject({ reviewId: REVIEW_ID });
    });

    it('opens form when open write fails', async () => {
      // Prepare
      const { deps, invitations } = createScenario();
      invitations.failingMethods.add('markOpened');

      // Act
      const context = await openReviewForm(deps, TOKEN);

      // Assess
      expect(context.invitation.invitationId).toBe(INVITATION.invitationId);
    });

    it('logs failed open write as warning', async () => {
      // Prepare
      const { deps, invitations, logger } = createScenario();
      invitations.failingMethods.add('markOpened');

      // Act
      await openReviewForm(deps, TOKEN);

      // Assess
      expect(logger.messages('warn')).toEqual(['failed to record invitation open']);
    });

    it.each(UNAVAILABLE_CASES)('rejects link of $label', async ({ customers, invitations }) => {
      // Prepare
      const { deps } = createScenario({ customers, invitations });

      // Act
      const opening = openReviewForm(deps, TOKEN);

      // Assess
      await expect(opening).rejects.toThrow(InvitationUnavailableError);
    });

    it('rejects link after expiry', async () => {
      // Prepare
      const { deps, clock } = createScenario();
      clock.set(new Date(Date.parse(INVITATION.expiresAt) + HOUR_MS));

      // Act
      const opening = openReviewForm(deps, TOKEN);

      // Assess
      await expect(opening).rejects.toThrow(TokenExpiredError);
    });
  });
});

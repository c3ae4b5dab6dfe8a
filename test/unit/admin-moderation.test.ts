import { describe, expect, it } from 'vitest';
import { moderateReview, parseDecision, parseReason } from '../../src/core/admin/moderation.ts';
import { ModerationConflictError, ReviewNotFoundError, ValidationError } from '../../src/core/errors.ts';
import type { Review } from '../../src/core/reviews.ts';
import { statusHistory } from '../../src/core/reviews.ts';
import { FakeClock, InMemoryReviewStore, RecordingLogger } from '../helpers/fakes.ts';

const REVIEW: Review = {
  reviewId: 'a'.repeat(32),
  invitationId: 'invitation-1',
  customerId: 'customer-1',
  rating: 2,
  text: 'Call me on +1 415 555 0132',
  status: 'new',
  createdAt: '2026-12-01T10:00:00.000Z',
};

function setUp() {
  const reviews = new InMemoryReviewStore();
  reviews.reviews.set(REVIEW.reviewId, structuredClone(REVIEW));
  const clock = new FakeClock(new Date('2026-12-02T09:00:00.000Z'));
  return { deps: { reviews, clock, logger: new RecordingLogger() }, reviews, clock };
}

describe('moderateReview', () => {
  it('records decision, moderator, time and reason', async () => {
    const { deps } = setUp();

    const review = await moderateReview(deps, { reviewId: REVIEW.reviewId, decision: 'rejected', moderator: 'sam', expectedStatus: 'new', reason: 'personal data' });

    expect(review).toMatchObject({ status: 'rejected', moderatedBy: 'sam', moderatedAt: '2026-12-02T09:00:00.000Z', moderationReason: 'personal data' });
    expect(statusHistory(review)).toEqual([
      { status: 'new', at: REVIEW.createdAt },
      { status: 'rejected', at: '2026-12-02T09:00:00.000Z', by: 'sam', reason: 'personal data' },
    ]);
  });

  it('reverses an earlier decision', async () => {
    const { deps, clock } = setUp();
    await moderateReview(deps, { reviewId: REVIEW.reviewId, decision: 'rejected', moderator: 'sam', expectedStatus: 'new', reason: 'looked like spam' });
    clock.advance(60_000);

    const review = await moderateReview(deps, { reviewId: REVIEW.reviewId, decision: 'approved', moderator: 'kim', expectedStatus: 'rejected' });

    expect(review.history?.map((entry) => `${entry.status} by ${entry.by}`)).toEqual(['rejected by sam', 'approved by kim']);
    expect(review.moderationReason).toBeUndefined();
  });

  it('rejects a stale expected status', async () => {
    const { deps, reviews } = setUp();
    await moderateReview(deps, { reviewId: REVIEW.reviewId, decision: 'approved', moderator: 'sam', expectedStatus: 'new' });

    const second = moderateReview(deps, { reviewId: REVIEW.reviewId, decision: 'rejected', moderator: 'kim', expectedStatus: 'new' });

    await expect(second).rejects.toThrow(ModerationConflictError);
    await expect(second).rejects.toThrow(/no longer new: it was approved by sam at 2026-12-02T09:00:00.000Z/);
    expect(reviews.reviews.get(REVIEW.reviewId)?.status).toBe('approved');
  });

  it('says a review is already in the status asked for', async () => {
    const { deps } = setUp();

    await expect(moderateReview(deps, { reviewId: REVIEW.reviewId, decision: 'approved', moderator: 'sam', expectedStatus: 'approved' })).rejects.toThrow('is already approved');
  });

  it('names a review that does not exist', async () => {
    const { deps } = setUp();

    await expect(moderateReview(deps, { reviewId: 'b'.repeat(32), decision: 'approved', moderator: 'sam', expectedStatus: 'new' })).rejects.toThrow(ReviewNotFoundError);
  });

  it('logs the decision without the review text', async () => {
    const { deps } = setUp();

    await moderateReview(deps, { reviewId: REVIEW.reviewId, decision: 'approved', moderator: 'sam', expectedStatus: 'new' });

    expect(JSON.stringify(deps.logger.entries)).not.toContain('555');
  });
});

describe('parseReason', () => {
  it('trims the reason and treats a blank one as none', () => {
    expect(parseReason('  spam  ')).toBe('spam');
    expect(parseReason('   ')).toBeUndefined();
    expect(parseReason(undefined)).toBeUndefined();
  });

  it('counts characters, not UTF-16 units, against the 500 limit', () => {
    expect(parseReason('😀'.repeat(500))).toHaveLength(1000);
    expect(() => parseReason('😀'.repeat(501))).toThrow('reason must be at most 500 characters, got 501');
  });

  it('keeps line breaks but refuses other control characters', () => {
    expect(parseReason('line one\r\nline two')).toBe('line one\nline two');
    expect(() => parseReason('bell\u0007')).toThrow(ValidationError);
  });

  it('refuses a reason that is not text', () => {
    expect(() => parseReason(['a', 'b'])).toThrow('reason must be text, got several values');
  });
});

describe('parseDecision', () => {
  it('reads the verb and the status form', () => {
    expect(parseDecision('approve')).toBe('approved');
    expect(parseDecision('rejected')).toBe('rejected');
    expect(() => parseDecision('delete')).toThrow('decision must be "approve" or "reject", got "delete"');
  });
});

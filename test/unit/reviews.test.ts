import { describe, expect, it } from 'vitest';
import type { Review } from '../../src/core/reviews.ts';
import { composeReviewNotification, isSameSubmission, reviewIdFor } from '../../src/core/reviews.ts';

const INVITATION_ID = '0123456789abcdef0123456789abcdef';
const OTHER_INVITATION_ID = 'fedcba9876543210fedcba9876543210';
const ADMIN_BASE_URL = 'https://admin.example.com';

const REVIEW: Review = {
  reviewId: reviewIdFor(INVITATION_ID),
  invitationId: INVITATION_ID,
  customerId: 'customer-1',
  rating: 4,
  text: 'Great coffee, slow service.',
  status: 'new',
  createdAt: '2025-03-01T10:00:00.000Z',
};

function reviewWith(overrides: Partial<Review>): Review {
  return { ...REVIEW, ...overrides };
}

describe('reviews', () => {
  describe('reviewIdFor', () => {
    it('returns same id each time', () => {
      // Act
      const reviewId = reviewIdFor(INVITATION_ID);

      // Assess
      expect(reviewId).toBe(reviewIdFor(INVITATION_ID));
    });

    it('keeps ids of stored reviews', () => {
      // Act
      const reviewId = reviewIdFor(INVITATION_ID);

      // Assess
      // Stored reviews are keyed by this value, so a new derivation would allow a second review.
      expect(reviewId).toBe('5af84b3712c963c10e67cd54e4eba04c');
    });

    it('returns 32 lowercase hex digits', () => {
      // Act
      const reviewId = reviewIdFor(INVITATION_ID);

      // Assess
      expect(reviewId).toMatch(/^[0-9a-f]{32}$/);
    });

    it('differs from invitation id', () => {
      // Act
      const reviewId = reviewIdFor(INVITATION_ID);

      // Assess
      expect(reviewId).not.toBe(INVITATION_ID);
    });

    it('differs across invitations', () => {
      // Act
      const reviewId = reviewIdFor(INVITATION_ID);

      // Assess
      expect(reviewId).not.toBe(reviewIdFor(OTHER_INVITATION_ID));
    });
  });

  describe('isSameSubmission', () => {
    it('matches same rating and text', () => {
      // Act
      const same = isSameSubmission(REVIEW, 4, 'Great coffee, slow service.');

      // Assess
      expect(same).toBe(true);
    });

    it.each([
      { label: 'other rating', rating: 5, text: 'Great coffee, slow service.' },
      { label: 'other text', rating: 4, text: 'Great coffee.' },
      { label: 'empty text', rating: 4, text: '' },
      { label: 'text in other case', rating: 4, text: 'great coffee, slow service.' },
    ])('differs for $label', ({ rating, text }) => {
      // Act
      const same = isSameSubmission(REVIEW, rating, text);

      // Assess
      expect(same).toBe(false);
    });
  });

  describe('composeReviewNotification', () => {
    it('names rating in subject', () => {
      // Act
      const notification = composeReviewNotification(REVIEW, ADMIN_BASE_URL);

      // Assess
      expect(notification.subject).toBe('New 4-star review');
    });

    it('contains the review id', () => {
      // Act
      const notification = composeReviewNotification(REVIEW, ADMIN_BASE_URL);

      // Assess
      expect(notification.body).toContain(`New review ${REVIEW.reviewId}:`);
    });

    it('contains the rating', () => {
      // Act
      const notification = composeReviewNotification(REVIEW, ADMIN_BASE_URL);

      // Assess
      expect(notification.body).toContain('★★★★☆ (4/5)');
    });

    it('contains the moderation link', () => {
      // Act
      const notification = composeReviewNotification(REVIEW, `${ADMIN_BASE_URL}/`);

      // Assess
      expect(notification.body).toContain(`Moderate it: ${ADMIN_BASE_URL}/admin/reviews/${REVIEW.reviewId}`);
    });

    it('quotes short text whole', () => {
      // Act
      const notification = composeReviewNotification(REVIEW, ADMIN_BASE_URL);

      // Assess
      expect(notification.body).toContain('\n"Great coffee, slow service."\n');
    });

    it('omits text line when empty', () => {
      // Act
      const notification = composeReviewNotification(reviewWith({ text: '' }), ADMIN_BASE_URL);

      // Assess
      expect(notification.body.split('\n')).toHaveLength(2);
    });

    it('cuts text after 200 characters', () => {
      // Prepare
      const review = reviewWith({ text: `${'a'.repeat(200)}${'z'.repeat(100)}` });

      // Act
      const notification = composeReviewNotification(review, ADMIN_BASE_URL);

      // Assess
      expect(notification.body).toContain(`"${'a'.repeat(200)}…"`);
    });

    it('drops text beyond the cut', () => {
      // Prepare
      const review = reviewWith({ text: `${'a'.repeat(200)}${'z'.repeat(100)}` });

      // Act
      const notification = composeReviewNotification(review, ADMIN_BASE_URL);

      // Assess
      expect(notification.body).not.toContain('z');
    });

    it('keeps text of exactly 200 characters', () => {
      // Prepare
      const review = reviewWith({ text: 'a'.repeat(200) });

      // Act
      const notification = composeReviewNotification(review, ADMIN_BASE_URL);

      // Assess
      expect(notification.body).toContain(`"${'a'.repeat(200)}"`);
    });

    it('cuts emoji text at 200 emoji', () => {
      // Prepare
      const review = reviewWith({ text: '😀'.repeat(250) });

      // Act
      const notification = composeReviewNotification(review, ADMIN_BASE_URL);

      // Assess
      expect(notification.body).toContain(`"${'😀'.repeat(200)}…"`);
    });

    it('keeps 150 emoji whole', () => {
      // Prepare
      const review = reviewWith({ text: '😀'.repeat(150) });

      // Act
      const notification = composeReviewNotification(review, ADMIN_BASE_URL);

      // Assess
      expect(notification.body).toContain(`"${'😀'.repeat(150)}"`);
    });
  });
});

import { createHash } from 'node:crypto';

export type ReviewStatus = 'new' | 'approved' | 'rejected';

export const REVIEW_STATUSES: readonly ReviewStatus[] = ['new', 'approved', 'rejected'];

/** One entry of a review's status history: who moved it to `status`, when, and why. */
export interface StatusChange {
  status: ReviewStatus;
  at: string;
  /** The admin's user name; absent for the `new` entry, which the customer's submission makes. */
  by?: string;
  reason?: string;
}

export interface Review {
  /** Derived from the invitation id, so one invitation can yield at most one review. */
  reviewId: string;
  invitationId: string;
  customerId: string;
  /** Integer from 1 to 5. */
  rating: number;
  /** Trimmed; empty when the customer wrote nothing. */
  text: string;
  status: ReviewStatus;
  createdAt: string;
  /** The latest moderation, copied from the last history entry for listing and export. */
  moderatedBy?: string;
  moderatedAt?: string;
  moderationReason?: string;
  /** Every moderation in order; reviews stored before moderation existed have none. */
  history?: StatusChange[];
}

/** Returns the review's status history, starting with its arrival as `new`. */
export function statusHistory(review: Review): StatusChange[] {
  return [{ status: 'new', at: review.createdAt }, ...(review.history ?? [])];
}

export const MIN_RATING = 1;
export const MAX_RATING = 5;
export const MAX_REVIEW_TEXT_LENGTH = 5000;

/**
 * Derives the review id from the invitation id. A hash keeps the invitation id, which is part of
 * the customer's link, out of admin URLs while still giving every invitation exactly one key.
 */
export function reviewIdFor(invitationId: string): string {
  return createHash('sha256').update(`review:${invitationId}`).digest('hex').slice(0, 32);
}

/** Returns whether a repeated submission has the same content as the stored review. */
export function isSameSubmission(stored: Review, rating: number, text: string): boolean {
  return stored.rating === rating && stored.text === text;
}

/** Composes the admin notification for a new review. */
export function composeReviewNotification(review: Review, adminBaseUrl: string): { subject: string; body: string } {
  const link = `${adminBaseUrl.replace(/\/+$/, '')}/admin/reviews/${review.reviewId}`;
  const stars = '★'.repeat(review.rating) + '☆'.repeat(MAX_RATING - review.rating);
  const codePoints = [...review.text];
  const excerpt = codePoints.length > 200 ? `${codePoints.slice(0, 200).join('')}…` : review.text;

  return {
    subject: `New ${review.rating}-star review`,
    body: [`New review ${review.reviewId}: ${stars} (${review.rating}/5)`, excerpt && `"${excerpt}"`, `Moderate it: ${link}`]
      .filter(Boolean)
      .join('\n'),
  };
}

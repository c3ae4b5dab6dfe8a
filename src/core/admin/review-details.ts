import { ReviewNotFoundError } from '../errors.ts';
import { maskPhone } from '../masking.ts';
import type { CustomerStore, InvitationStore, ReviewStore } from '../ports.ts';
import type { Review, StatusChange } from '../reviews.ts';
import { statusHistory } from '../reviews.ts';

export interface ReviewDetailsDeps {
  reviews: ReviewStore;
  customers: CustomerStore;
  invitations: InvitationStore;
}

/** Everything the review page shows. The phone is masked: moderating needs to tell people apart, not to call them. */
export interface ReviewDetails {
  review: Review;
  /** Absent when the customer record is gone. */
  customer?: { name: string; maskedPhone?: string };
  invitation: { sentAt?: string; openedAt?: string; answeredAt: string };
  history: StatusChange[];
}

const REVIEW_ID = /^[0-9a-f]{32}$/;

/** Reads a review with its customer and invitation; an id that is not a review's is "not found". */
export async function getReviewDetails(deps: ReviewDetailsDeps, reviewId: string): Promise<ReviewDetails> {
  const review = REVIEW_ID.test(reviewId) ? await deps.reviews.get(reviewId) : undefined;
  if (!review) {
    throw new ReviewNotFoundError(reviewId);
  }

  const [customer, invitation] = await Promise.all([deps.customers.get(review.customerId), deps.invitations.get(review.invitationId)]);

  return {
    review,
    ...(customer ? { customer: { name: customer.name, ...(customer.phone ? { maskedPhone: maskPhone(customer.phone) } : {}) } } : {}),
    invitation: { sentAt: invitation?.sentAt, openedAt: invitation?.openedAt, answeredAt: review.createdAt },
    history: statusHistory(review),
  };
}

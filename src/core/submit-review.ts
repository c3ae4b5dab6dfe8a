import { ReviewAlreadySubmittedError, ValidationError } from './errors.ts';
import type { AdminNotifier } from './ports.ts';
import type { ReviewAccessDeps, ReviewContext } from './review-access.ts';
import { resolveReviewLink } from './review-access.ts';
import type { Review } from './reviews.ts';
import { composeReviewNotification, isSameSubmission, reviewIdFor } from './reviews.ts';
import type { SubmittedFields } from './validation.ts';
import { parseRating, parseReviewText, readSingleField } from './validation.ts';

export interface SubmitReviewDeps extends ReviewAccessDeps {
  notifier: AdminNotifier;
  /** Base URL of the admin pages, used in the notification's link. */
  adminBaseUrl: string;
}

export type SubmitReviewResult =
  | { outcome: 'created' | 'repeated'; review: Review }
  | { outcome: 'invalid'; context: ReviewContext; errors: Partial<Record<'rating' | 'text', string>>; fields: SubmittedFields };

/**
 * Stores a review for a verified link, at most once per invitation. A repeat of the stored
 * submission succeeds again without storing anything; a different one is rejected.
 * Invalid fields return every field error at once, so the form can show them together.
 */
export async function submitReview(deps: SubmitReviewDeps, fields: SubmittedFields): Promise<SubmitReviewResult> {
  const context = await resolveReviewLink(deps, readSingleField(fields, 'token'));

  const errors: Partial<Record<'rating' | 'text', string>> = {};
  const rating = collect(errors, 'rating', () => parseRating(readSingleField(fields, 'rating')));
  const text = collect(errors, 'text', () => parseReviewText(readSingleField(fields, 'text')));
  if (rating === undefined || text === undefined) {
    return { outcome: 'invalid', context, errors, fields };
  }

  const now = deps.clock.now().toISOString();
  const invitationId = context.invitation.invitationId;
  const candidate: Review = {
    reviewId: reviewIdFor(invitationId),
    invitationId,
    customerId: context.customer.customerId,
    rating,
    text,
    status: 'new',
    createdAt: now,
  };

  const { created, review } = await deps.reviews.createOnce(candidate);
  if (!created) {
    if (!isSameSubmission(review, rating, text)) {
      throw new ReviewAlreadySubmittedError(review.reviewId);
    }

    return { outcome: 'repeated', review };
  }

  await afterReviewStored(deps, review, now);
  return { outcome: 'created', review };
}

/**
 * Marks the link used, records the review time for the cooldown, and notifies the admins. All are
 * best effort: the review is already safe. A review posted without loading the page (a JSON
 * client) also marks the link opened, so the dashboard never shows fewer links opened than reviews received.
 */
async function afterReviewStored(deps: SubmitReviewDeps, review: Review, now: string): Promise<void> {
  try {
    await deps.invitations.markOpened(review.invitationId, now);
    await deps.invitations.markUsed(review.invitationId, now);
    await deps.customers.recordReview(review.customerId, now);
  } catch (error) {
    deps.logger.warn('failed to record the review on its invitation or customer', { invitationId: review.invitationId, error });
  }

  try {
    await deps.notifier.notify(composeReviewNotification(review, deps.adminBaseUrl));
    deps.logger.info('admin notified of new review', { reviewId: review.reviewId, rating: review.rating });
  } catch (error) {
    deps.logger.error('failed to notify admins of new review', { reviewId: review.reviewId, error });
  }
}

function collect<T>(errors: Partial<Record<string, string>>, field: string, parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ValidationError) {
      errors[field] = error.message;
      return undefined;
    }

    throw error;
  }
}

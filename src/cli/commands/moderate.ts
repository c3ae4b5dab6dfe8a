import { userInfo } from 'node:os';
import type { Decision } from '../../core/admin/moderation.ts';
import { moderateReview, parseReason } from '../../core/admin/moderation.ts';
import { getReviewDetails } from '../../core/admin/review-details.ts';
import { ModerationConflictError, ReviewNotFoundError } from '../../core/errors.ts';
import { systemClock } from '../../core/ports.ts';
import type { Review } from '../../core/reviews.ts';
import { createLogger, createStores } from '../../functions/shared/runtime.ts';
import { withLocalData } from '../session.ts';
import { CliUsageError } from '../usage.ts';

type Outcome = { kind: 'moderated'; review: Review; previous: Review } | { kind: 'unchanged'; review: Review } | { kind: 'failed'; message: string };

/**
 * `starling approve ID [--reason TEXT]` and `starling reject ID [--reason TEXT]`. The change applies
 * only if the review still has the status read just before, so a decision made meanwhile in the
 * admin pages is reported instead of overwritten.
 */
export async function moderateCommand(decision: Decision, args: string[], options: { reason?: string }): Promise<number> {
  const verb = decision === 'approved' ? 'approve' : 'reject';
  const [reviewId, ...extra] = args;
  if (!reviewId || extra.length > 0) {
    throw new CliUsageError(`${verb} needs exactly one review id, for example: npx starling ${verb} 3f2a… (ids are listed by npx starling reviews)`);
  }

  const reason = parseReason(options.reason);

  const outcome = await withLocalData(async (): Promise<Outcome> => {
    const stores = createStores(process.env);
    try {
      const { review } = await getReviewDetails(stores, reviewId);
      if (review.status === decision) {
        return { kind: 'unchanged', review };
      }

      const deps = { reviews: stores.reviews, clock: systemClock, logger: createLogger('starling-cli') };
      const moderated = await moderateReview(deps, { reviewId, decision, moderator: moderatorName(), expectedStatus: review.status, ...(reason ? { reason } : {}) });
      return { kind: 'moderated', review: moderated, previous: review };
    } catch (error) {
      if (error instanceof ReviewNotFoundError) {
        return { kind: 'failed', message: `${error.message}; list the review ids with: npx starling reviews` };
      }

      if (error instanceof ModerationConflictError) {
        return { kind: 'failed', message: `${error.message}, so nothing changed` };
      }

      throw error;
    }
  });

  return report(outcome, decision);
}

function report(outcome: Outcome, decision: Decision): number {
  switch (outcome.kind) {
    case 'moderated':
      console.log(`${decision === 'approved' ? 'Approved' : 'Rejected'} review ${outcome.review.reviewId} (was ${outcome.previous.status}).`);
      if (outcome.review.moderationReason) {
        console.log(`Reason: ${outcome.review.moderationReason}`);
      }

      return 0;
    case 'unchanged': {
      const by = outcome.review.moderatedBy ? ` by ${outcome.review.moderatedBy}` : '';
      const at = outcome.review.moderatedAt ? ` at ${outcome.review.moderatedAt}` : '';
      console.error(`starling: review ${outcome.review.reviewId} is already ${decision}${by}${at}, so nothing changed.`);
      return 1;
    }
    case 'failed':
      console.error(`starling: ${outcome.message}`);
      return 1;
  }
}

/** Returns the operating-system user name to record as the moderator, or "cli" when the system has none. */
function moderatorName(): string {
  try {
    return userInfo().username || 'cli';
  } catch {
    return 'cli';
  }
}

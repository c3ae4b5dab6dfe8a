import { requireVariable } from '../../config.ts';
import type { RawReviewQuery } from '../../core/admin/review-query.ts';
import { parseReviewQuery } from '../../core/admin/review-query.ts';
import type { ReviewQueuePage } from '../../core/admin/review-queue.ts';
import { listReviews } from '../../core/admin/review-queue.ts';
import type { Review } from '../../core/reviews.ts';
import { MAX_RATING, REVIEW_STATUSES } from '../../core/reviews.ts';
import { createStores } from '../../functions/shared/runtime.ts';
import { withLocalData } from '../session.ts';

const EXCERPT_LENGTH = 300;

/**
 * `starling reviews [--status S] [--rating 4,5] [--from DAY] [--to DAY] [--limit N]`: the moderation
 * queue (new reviews first, then moderated ones, newest first) with the exact count of each status.
 */
export async function reviewsCommand(raw: RawReviewQuery): Promise<number> {
  // Checks the flags before any server starts, so a typo fails at once. The days are resolved
  // again below, in the business's time zone that the local environment sets.
  parseReviewQuery(raw, 'UTC');

  const { page, status } = await withLocalData(async () => {
    const query = parseReviewQuery(raw, requireVariable(process.env, 'STARLING_TIME_ZONE'));
    return { page: await listReviews(createStores(process.env).reviews, query), status: query.status };
  });

  const filtered = raw.rating !== undefined || Boolean(raw.from) || Boolean(raw.to);
  const total = REVIEW_STATUSES.reduce((sum, reviewStatus) => sum + page.counts[reviewStatus], 0);
  if (total === 0 && !filtered) {
    console.log('No reviews yet. Open a link from the outbox (npx starling outbox) to write one.');
    return 0;
  }

  console.log(describeCounts(page, raw));
  if (page.reviews.length === 0) {
    console.log(`No ${status === 'all' ? '' : `${status} `}reviews match.`);
    return 0;
  }

  console.log('');
  page.reviews.forEach(printReview);

  const matching = status === 'all' ? total : page.counts[status];
  const notShown = Math.max(0, matching - page.reviews.length);
  if (notShown > 0) {
    console.log(`\n${notShown} more ${plural(notShown, 'review')} are not shown. Raise --limit (up to 100) or narrow the filters.`);
  }

  return 0;
}

/** The header line: every status's count, because a `--status` filter should not hide the others. */
function describeCounts(page: ReviewQueuePage, raw: RawReviewQuery): string {
  const counts = REVIEW_STATUSES.map((status) => `${page.counts[status]} ${status}`).join(', ');
  const filters = [
    raw.rating !== undefined ? `rating ${[raw.rating].flat().join(',')}` : '',
    raw.from ? `from ${raw.from}` : '',
    raw.to ? `to ${raw.to}` : '',
  ].filter(Boolean);

  return `Reviews: ${counts}${filters.length > 0 ? ` (${filters.join(', ')})` : ''}.`;
}

function printReview(review: Review): void {
  const stars = '★'.repeat(review.rating) + '☆'.repeat(MAX_RATING - review.rating);
  console.log(`${review.createdAt}  ${stars}  ${review.status.padEnd(8)}  ${review.reviewId}`);

  if (review.text) {
    const codePoints = [...review.text];
    const excerpt = codePoints.length > EXCERPT_LENGTH ? `${codePoints.slice(0, EXCERPT_LENGTH).join('')}…` : review.text;
    console.log(`  ${excerpt.replace(/\n/g, '\n  ')}`);
  }

  if (review.moderatedBy && review.moderatedAt) {
    const reason = review.moderationReason ? `: ${review.moderationReason.replace(/\n/g, ' ')}` : '';
    console.log(`  ${review.status} by ${review.moderatedBy} at ${review.moderatedAt}${reason}`);
  }
}

function plural(count: number, noun: string): string {
  return count === 1 ? noun : `${noun}s`;
}

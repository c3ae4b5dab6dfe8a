import type { ReviewFilter, ReviewPosition, ReviewStore } from '../ports.ts';
import type { Review, ReviewStatus } from '../reviews.ts';
import { REVIEW_STATUSES } from '../reviews.ts';
import { decodeQueueCursor, encodeQueueCursor } from './queue-cursor.ts';
import type { QueueCursor } from './queue-cursor.ts';

export type StatusView = ReviewStatus | 'all';

export interface ReviewQuery {
  status: StatusView;
  filter: ReviewFilter;
  cursor?: string;
  limit: number;
}

export interface ReviewQueuePage {
  reviews: Review[];
  /** Present while more reviews match; pass it back as `cursor` for the next page. */
  nextCursor?: string;
  /** Exact number of reviews of each status that match the filter, over every storage page. */
  counts: Record<ReviewStatus, number>;
}

/**
 * Lists one page of the moderation queue. New reviews come first, then approved and rejected ones together, each
 * group newest first. `all` merges one index listing per status. The cursor records the last review
 * taken from each listing, so each page continues after it and no review repeats or goes missing.
 */
export async function listReviews(reviews: ReviewStore, query: ReviewQuery): Promise<ReviewQueuePage> {
  const [page, counts] = await Promise.all([readQueuePage(reviews, query), countAll(reviews, query.filter)]);
  return { ...page, counts };
}

/** Reads one page of the queue without the counts, for readers of every page such as the export. */
export async function readQueuePage(reviews: ReviewStore, query: ReviewQuery): Promise<Omit<ReviewQueuePage, 'counts'>> {
  const statuses = query.status === 'all' ? REVIEW_STATUSES : [query.status];
  const cursor = decodeQueueCursor(query.cursor);
  const streams = await Promise.all(statuses.map((status) => readStream(reviews, status, query.filter, cursor[status], query.limit)));

  const page = streams
    .flatMap((stream) => stream.items)
    .sort(queueOrder)
    .slice(0, query.limit);

  const next: QueueCursor = { ...cursor };
  let more = false;
  for (const stream of streams) {
    const taken = stream.items.filter((review) => page.includes(review));
    const last = taken.at(-1);
    if (last) {
      next[stream.status] = { reviewId: last.reviewId, createdAt: last.createdAt };
    }

    // Each listing requests one review more than a page holds, so a full result means more remain.
    more ||= taken.length < stream.items.length || stream.items.length > query.limit;
  }

  return { reviews: page, ...(more ? { nextCursor: encodeQueueCursor(next) } : {}) };
}

/** Counts each status in parallel. The queue shows all three, so an admin can tell how many a tab hides. */
// NOTE: the counts read every matching index entry on each page request, which grows with the table.
async function countAll(reviews: ReviewStore, filter: ReviewFilter): Promise<Record<ReviewStatus, number>> {
  const [fresh, approved, rejected] = await Promise.all(REVIEW_STATUSES.map((status) => reviews.countByStatus(status, filter)));
  return { new: fresh ?? 0, approved: approved ?? 0, rejected: rejected ?? 0 };
}

async function readStream(reviews: ReviewStore, status: ReviewStatus, filter: ReviewFilter, after: ReviewPosition | undefined, limit: number) {
  return { status, items: await reviews.listByStatus(status, filter, after, limit + 1) };
}

/** New before moderated; then newest first; then by id, so equal times still have one order. */
function queueOrder(a: Review, b: Review): number {
  return rank(a) - rank(b) || b.createdAt.localeCompare(a.createdAt) || b.reviewId.localeCompare(a.reviewId);
}

function rank(review: Review): number {
  return review.status === 'new' ? 0 : 1;
}

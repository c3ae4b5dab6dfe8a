import { ModerationConflictError, ReviewNotFoundError } from '../../src/core/errors.ts';
import type { Page, ReviewFilter, ReviewPosition, ReviewStore } from '../../src/core/ports.ts';
import type { Review, ReviewStatus, StatusChange } from '../../src/core/reviews.ts';

/**
 * Reviews in a `Map`. Like a conditional put, `createOnce` writes only when the review id is free;
 * `moderate` changes a review only while it has the expected status. `scanPage` returns pages of
 * `pageSize` reviews, so callers must follow cursors as they would DynamoDB's 1 MB pages.
 */
export class InMemoryReviewStore implements ReviewStore {
  readonly reviews = new Map<string, Review>();
  /** Number of `createOnce` calls that stored a review. */
  storedCount = 0;
  pageSize = 100;

  async createOnce(review: Review): Promise<{ created: boolean; review: Review }> {
    const existing = this.reviews.get(review.reviewId);
    if (existing) {
      return { created: false, review: structuredClone(existing) };
    }

    this.reviews.set(review.reviewId, structuredClone(review));
    this.storedCount += 1;
    return { created: true, review: structuredClone(review) };
  }

  async get(reviewId: string): Promise<Review | undefined> {
    const review = this.reviews.get(reviewId);
    return review && structuredClone(review);
  }

  async listByStatus(status: ReviewStatus, filter: ReviewFilter, after: ReviewPosition | undefined, limit: number): Promise<Review[]> {
    const matching = this.matching(status, filter);
    const start = after ? matching.findIndex((review) => review.reviewId === after.reviewId) + 1 : 0;
    return matching.slice(start, start + limit).map((review) => structuredClone(review));
  }

  async countByStatus(status: ReviewStatus, filter: ReviewFilter): Promise<number> {
    return this.matching(status, filter).length;
  }

  async scanPage(cursor?: string): Promise<Page<Review>> {
    const start = cursor === undefined ? 0 : Number(cursor);
    const all = [...this.reviews.values()];
    const end = start + this.pageSize;
    const items = all.slice(start, end).map((review) => structuredClone(review));
    return end < all.length ? { items, nextCursor: String(end) } : { items };
  }

  async moderate(reviewId: string, expected: ReviewStatus, change: StatusChange): Promise<Review> {
    const review = this.reviews.get(reviewId);
    if (!review) {
      throw new ReviewNotFoundError(reviewId);
    }

    if (review.status !== expected) {
      throw new ModerationConflictError(reviewId, expected, review);
    }

    const updated: Review = { ...review, status: change.status, moderatedBy: change.by, moderatedAt: change.at, history: [...(review.history ?? []), change] };
    if (change.reason) {
      updated.moderationReason = change.reason;
    } else {
      delete updated.moderationReason;
    }

    this.reviews.set(reviewId, structuredClone(updated));
    return structuredClone(updated);
  }

  /** Newest first, ties broken by id descending, as a stable stand-in for the index order. */
  private matching(status: ReviewStatus, filter: ReviewFilter): Review[] {
    return [...this.reviews.values()]
      .filter((review) => review.status === status)
      .filter((review) => !filter.ratings?.length || filter.ratings.includes(review.rating))
      .filter((review) => (!filter.from || review.createdAt >= filter.from) && (!filter.before || review.createdAt < filter.before))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.reviewId.localeCompare(a.reviewId));
  }
}

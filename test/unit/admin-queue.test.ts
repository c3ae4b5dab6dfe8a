import { describe, expect, it } from 'vitest';
import { encodeQueueCursor } from '../../src/core/admin/queue-cursor.ts';
import { listReviews } from '../../src/core/admin/review-queue.ts';
import { ValidationError } from '../../src/core/errors.ts';
import type { Review, ReviewStatus } from '../../src/core/reviews.ts';
import { reviewIdFor } from '../../src/core/reviews.ts';
import { InMemoryReviewStore } from '../helpers/fakes.ts';

const STATUSES: ReviewStatus[] = ['new', 'approved', 'rejected'];

/** Reviews one minute apart, cycling through statuses and ratings, so every page mixes them. */
function seedReviews(count: number): { store: InMemoryReviewStore; reviews: Review[] } {
  const store = new InMemoryReviewStore();
  const reviews = Array.from({ length: count }, (_, index): Review => ({
    reviewId: reviewIdFor(`invitation-${index}`),
    invitationId: `invitation-${index}`,
    customerId: `customer-${index}`,
    rating: (index % 5) + 1,
    text: `review ${index}`,
    status: STATUSES[index % 7 === 0 ? 0 : index % 3] ?? 'new',
    createdAt: new Date(Date.UTC(2026, 10, 1) + index * 60_000).toISOString(),
  }));
  for (const review of reviews) {
    store.reviews.set(review.reviewId, review);
  }

  return { store, reviews };
}

async function readAll(store: InMemoryReviewStore, limit: number, status: 'all' | ReviewStatus = 'all'): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listReviews(store, { status, filter: {}, limit, ...(cursor ? { cursor } : {}) });
    ids.push(...page.reviews.map((review) => review.reviewId));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor);

  return { ids, pages };
}

describe('listReviews', () => {
  it('lists new first, then newest first', async () => {
    const { store, reviews } = seedReviews(40);

    const { ids } = await readAll(store, 500);

    const newest = (a: Review, b: Review) => b.createdAt.localeCompare(a.createdAt);
    const expected = [...reviews.filter((review) => review.status === 'new').sort(newest), ...reviews.filter((review) => review.status !== 'new').sort(newest)];
    expect(ids).toEqual(expected.map((review) => review.reviewId));
  });

  it.each([1, 3, 7, 10, 39, 40, 41])('returns every review exactly once in pages of %i', async (limit) => {
    const { store, reviews } = seedReviews(40);

    const { ids, pages } = await readAll(store, limit);

    expect(ids).toHaveLength(reviews.length);
    expect(new Set(ids).size).toBe(reviews.length);
    expect(ids).toEqual((await readAll(store, 500)).ids);
    expect(pages).toBe(Math.ceil(reviews.length / limit));
  });

  it('pages through one status only when asked for it', async () => {
    const { store, reviews } = seedReviews(30);

    const { ids } = await readAll(store, 4, 'rejected');

    expect(ids.sort()).toEqual(reviews.filter((review) => review.status === 'rejected').map((review) => review.reviewId).sort());
  });

  it('counts every status exactly, with the filter applied', async () => {
    const { store, reviews } = seedReviews(50);

    const page = await listReviews(store, { status: 'new', filter: { ratings: [4, 5] }, limit: 2 });

    const count = (status: ReviewStatus) => reviews.filter((review) => review.status === status && review.rating >= 4).length;
    expect(page.counts).toEqual({ new: count('new'), approved: count('approved'), rejected: count('rejected') });
    expect(page.reviews.every((review) => review.status === 'new' && review.rating >= 4)).toBe(true);
  });

  it('gives no cursor when the last page ends exactly at the last review', async () => {
    const { store } = seedReviews(6);

    const page = await listReviews(store, { status: 'all', filter: {}, limit: 6 });

    expect(page.reviews).toHaveLength(6);
    expect(page.nextCursor).toBeUndefined();
  });

  it.each([
    ['not base64 JSON', '%%%'],
    ['a list', encode([1])],
    ['an unknown status', encode({ deleted: { reviewId: 'a'.repeat(32), createdAt: '2026-11-01T00:00:00.000Z' } })],
    ['a malformed review id', encode({ new: { reviewId: 'x', createdAt: '2026-11-01T00:00:00.000Z' } })],
    ['a malformed time', encode({ new: { reviewId: 'a'.repeat(32), createdAt: 'yesterday' } })],
  ])('refuses a cursor that is %s', async (_case, cursor) => {
    const { store } = seedReviews(3);

    await expect(listReviews(store, { status: 'all', filter: {}, limit: 2, cursor })).rejects.toThrow(ValidationError);
  });

  it('accepts the cursor shape it gives out', async () => {
    const { store } = seedReviews(3);
    const cursor = encodeQueueCursor({ new: { reviewId: 'a'.repeat(32), createdAt: '2026-11-01T00:00:00.000Z' } });

    await expect(listReviews(store, { status: 'all', filter: {}, limit: 2, cursor })).resolves.toBeDefined();
  });
});

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

import { describe, expect, it } from 'vitest';
import { computeStats, formatPercent, formatRating } from '../../src/core/admin/stats.ts';
import { ConfigError, ValidationError } from '../../src/core/errors.ts';
import type { Invitation } from '../../src/core/invitations.ts';
import type { Page } from '../../src/core/ports.ts';
import { firstInstantAtLocalTime } from '../../src/core/quiet-hours.ts';
import type { Review } from '../../src/core/reviews.ts';
import { InMemoryInvitationStore, InMemoryReviewStore } from '../helpers/fakes.ts';

/** Invitation store that pages like DynamoDB and logs each read, because the shared fake returns one page. */
class PagedInvitationStore extends InMemoryInvitationStore {
  constructor(
    private readonly pageSize: number,
    private readonly reads: string[],
  ) {
    super();
  }

  override async scanPage(cursor?: string): Promise<Page<Invitation>> {
    this.reads.push(`invitations:${cursor ?? 'start'}`);
    const all = [...this.invitations.values()];
    const start = cursor === undefined ? 0 : Number(cursor);
    const end = start + this.pageSize;
    const items = all.slice(start, end).map((invitation) => structuredClone(invitation));

    return end < all.length ? { items, nextCursor: String(end) } : { items };
  }
}

/** Review store paging by `pageSize` that logs each read into the same list as the invitations. */
class LoggedReviewStore extends InMemoryReviewStore {
  constructor(private readonly reads: string[]) {
    super();
  }

  override async scanPage(cursor?: string): Promise<Page<Review>> {
    this.reads.push(`reviews:${cursor ?? 'start'}`);
    return super.scanPage(cursor);
  }
}

const NEW_YORK = 'America/New_York';
const NOW = new Date('2026-11-04T17:00:00Z');

let sequence = 0;

function invitation(overrides: Partial<Invitation> = {}): Invitation {
  sequence += 1;
  return {
    invitationId: `inv-${sequence}`,
    customerId: `cust-${sequence}`,
    status: 'sent',
    kind: 'invitation',
    createdAt: '2026-11-03T14:59:00Z',
    expiresAt: '2026-11-10T15:00:00Z',
    sentAt: '2026-11-03T15:00:00Z',
    ...overrides,
  };
}

function review(overrides: Partial<Review> = {}): Review {
  sequence += 1;
  return {
    reviewId: `rev-${sequence}`,
    invitationId: `inv-${sequence}`,
    customerId: `cust-${sequence}`,
    rating: 5,
    text: '',
    status: 'new',
    createdAt: '2026-11-03T16:00:00Z',
    ...overrides,
  };
}

function setUp(pageSize = 2) {
  const reads: string[] = [];
  const reviews = new LoggedReviewStore(reads);
  reviews.pageSize = pageSize;
  const invitations = new PagedInvitationStore(pageSize, reads);

  return { reads, reviews, invitations, deps: { reviews, invitations } };
}

describe('computeStats', () => {
  it('counts exactly across several pages', async () => {
    // Prepare
    const { reads, reviews, invitations, deps } = setUp(2);
    invitations.add(...Array.from({ length: 7 }, () => invitation()));
    for (let index = 0; index < 5; index += 1) {
      await reviews.createOnce(review());
    }

    // Act
    const stats = await computeStats(deps, { now: NOW, timeZone: NEW_YORK });

    // Assess
    expect(stats.invitations.sent).toBe(7);
    expect(stats.reviews.total).toBe(5);
    expect(reads.filter((read) => read.startsWith('invitations:'))).toEqual(['invitations:start', 'invitations:2', 'invitations:4', 'invitations:6']);
    expect(reads.filter((read) => read.startsWith('reviews:'))).toEqual(['reviews:start', 'reviews:2', 'reviews:4']);
  });

  it('reads both tables in parallel', async () => {
    // Prepare
    const { reads, reviews, invitations, deps } = setUp(1);
    invitations.add(invitation(), invitation(), invitation());
    await reviews.createOnce(review());
    await reviews.createOnce(review());

    // Act
    await computeStats(deps, { now: NOW, timeZone: NEW_YORK });

    // Assess
    expect(reads.indexOf('reviews:start')).toBeLessThan(reads.lastIndexOf('invitations:2'));
    expect(reads.indexOf('invitations:start')).toBeLessThan(reads.lastIndexOf('reviews:1'));
  });

  it('counts only first invitations that were sent or unconfirmed', async () => {
    // Prepare
    const { invitations, deps } = setUp();
    invitations.add(
      invitation({ status: 'sent' }),
      invitation({ status: 'sent', kind: undefined }),
      invitation({ status: 'unconfirmed', sentAt: undefined }),
      invitation({ status: 'failed', sentAt: undefined, failure: 'invalid number' }),
      invitation({ status: 'pending', sentAt: undefined }),
      invitation({ status: 'sent', kind: 'reminder', reminderFor: 'inv-1' }),
      invitation({ status: 'unconfirmed', kind: 'reminder', sentAt: undefined }),
    );

    // Act
    const stats = await computeStats(deps, { now: NOW, timeZone: NEW_YORK });

    // Assess
    expect(stats.invitations.sent).toBe(3);
    expect(stats.weekly.at(-1)?.invitationsSent).toBe(3);
  });

  it('counts opened first invitations only', async () => {
    // Prepare
    const { invitations, deps } = setUp();
    invitations.add(
      invitation({ openedAt: '2026-11-03T18:00:00Z' }),
      invitation({ status: 'unconfirmed', sentAt: undefined, openedAt: '2026-11-03T18:00:00Z' }),
      invitation(),
      invitation({ kind: 'reminder', openedAt: '2026-11-03T18:00:00Z' }),
    );

    // Act
    const stats = await computeStats(deps, { now: NOW, timeZone: NEW_YORK });

    // Assess
    expect(stats.invitations.opened).toBe(2);
  });

  it('computes response rate from reviews', async () => {
    // Prepare
    const { reviews, invitations, deps } = setUp();
    invitations.add(invitation({ usedAt: '2026-11-03T16:00:00Z' }), invitation({ usedAt: '2026-11-03T16:00:00Z' }), invitation(), invitation());
    await reviews.createOnce(review());

    // Act
    const stats = await computeStats(deps, { now: NOW, timeZone: NEW_YORK });

    // Assess
    expect(stats.invitations.answered).toBe(1);
    expect(stats.invitations.responseRate).toBe(0.25);
  });

  it('averages ratings of every status', async () => {
    // Prepare
    const { reviews, deps } = setUp();
    await reviews.createOnce(review({ rating: 5, status: 'new' }));
    await reviews.createOnce(review({ rating: 4, status: 'approved' }));
    await reviews.createOnce(review({ rating: 1, status: 'rejected' }));
    await reviews.createOnce(review({ rating: 1, status: 'rejected' }));

    // Act
    const stats = await computeStats(deps, { now: NOW, timeZone: NEW_YORK });

    // Assess
    expect(stats.reviews.averageRating).toBe(11 / 4);
    expect(stats.reviews.byStatus).toEqual({ new: 1, approved: 1, rejected: 2 });
    expect(stats.reviews.distribution).toEqual([2, 0, 0, 1, 1]);
  });

  it('leaves an out-of-range rating out of the average only', async () => {
    // Prepare
    const { reviews, deps } = setUp();
    await reviews.createOnce(review({ rating: 4 }));
    await reviews.createOnce(review({ rating: 9 }));

    // Act
    const stats = await computeStats(deps, { now: NOW, timeZone: NEW_YORK });

    // Assess
    expect(stats.reviews.total).toBe(2);
    expect(stats.reviews.averageRating).toBe(4);
    expect(stats.reviews.distribution).toEqual([0, 0, 0, 1, 0]);
  });

  it('returns zeros and nulls without data', async () => {
    // Prepare
    const { deps } = setUp();

    // Act
    const stats = await computeStats(deps, { now: NOW, timeZone: NEW_YORK });

    // Assess
    expect(stats.invitations).toEqual({ sent: 0, opened: 0, answered: 0, responseRate: null });
    expect(stats.reviews).toEqual({ total: 0, byStatus: { new: 0, approved: 0, rejected: 0 }, averageRating: null, distribution: [0, 0, 0, 0, 0] });
    expect(stats.weekly).toHaveLength(12);
    expect(stats.weekly.every((week) => week.reviews === 0 && week.invitationsSent === 0 && week.averageRating === null)).toBe(true);
    expect(stats.generatedAt).toBe(NOW.toISOString());
    expect(stats.timeZone).toBe(NEW_YORK);
  });

  it('rejects an invalid number of weeks', async () => {
    // Prepare
    const { deps } = setUp();

    // Act
    const compute = (weeks: number) => computeStats(deps, { now: NOW, timeZone: NEW_YORK, weeks });

    // Assess
    await expect(compute(0)).rejects.toThrow(ValidationError);
    await expect(compute(1.5)).rejects.toThrow(ValidationError);
    await expect(compute(521)).rejects.toThrow(ValidationError);
  });

  it('rejects an invalid time zone', async () => {
    // Act
    const compute = computeStats(setUp().deps, { now: NOW, timeZone: 'Mars/Olympus' });

    // Assess
    await expect(compute).rejects.toThrow(ConfigError);
  });
});

describe('computeStats weekly', () => {
  it('ends with the week of now', async () => {
    // Act
    const stats = await computeStats(setUp().deps, { now: NOW, timeZone: NEW_YORK });

    // Assess
    expect(stats.weekly[0]?.weekStart).toBe('2026-08-17');
    expect(stats.weekly.at(-1)?.weekStart).toBe('2026-11-02');
    expect(new Set(stats.weekly.map((week) => week.weekStart)).size).toBe(12);
  });

  it('keeps a late Sunday now in its week', async () => {
    // Act: Sunday 2026-11-08 23:30 in New York is Monday 04:30 in UTC.
    const stats = await computeStats(setUp().deps, { now: new Date('2026-11-09T04:30:00Z'), timeZone: NEW_YORK, weeks: 1 });

    // Assess
    expect(stats.weekly.map((week) => week.weekStart)).toEqual(['2026-11-02']);
  });

  it('buckets by local weeks across the end of daylight saving time', async () => {
    // Prepare: New York leaves daylight saving time on Sunday 2026-11-01, so that week has 169 hours.
    const { reviews, deps } = setUp();
    const weekStart = firstInstantAtLocalTime(Date.UTC(2026, 9, 26), NEW_YORK);
    const nextWeekStart = firstInstantAtLocalTime(Date.UTC(2026, 10, 2), NEW_YORK);
    await reviews.createOnce(review({ createdAt: '2026-10-26T03:59:59Z', rating: 1 }));
    await reviews.createOnce(review({ createdAt: '2026-10-26T04:00:00Z', rating: 2 }));
    await reviews.createOnce(review({ createdAt: '2026-11-02T04:30:00Z', rating: 4 }));
    await reviews.createOnce(review({ createdAt: '2026-11-02T05:00:00Z', rating: 5 }));

    // Act
    const stats = await computeStats(deps, { now: NOW, timeZone: NEW_YORK, weeks: 3 });

    // Assess
    expect(nextWeekStart.getTime() - weekStart.getTime()).toBe(169 * 3_600_000);
    expect(stats.weekly).toEqual([
      { weekStart: '2026-10-19', invitationsSent: 0, reviews: 1, averageRating: 1 },
      { weekStart: '2026-10-26', invitationsSent: 0, reviews: 2, averageRating: 3 },
      { weekStart: '2026-11-02', invitationsSent: 0, reviews: 1, averageRating: 5 },
    ]);
  });

  it('puts a review at 23:30 on Sunday in that week', async () => {
    // Prepare: 2026-11-08T04:30Z is Sunday 23:30 in New York but already Monday in UTC.
    const { reviews, deps } = setUp();
    await reviews.createOnce(review({ createdAt: '2026-11-09T04:30:00Z' }));

    // Act
    const stats = await computeStats(deps, { now: new Date('2026-11-10T12:00:00Z'), timeZone: NEW_YORK, weeks: 2 });

    // Assess
    expect(stats.weekly.map((week) => [week.weekStart, week.reviews])).toEqual([
      ['2026-11-02', 1],
      ['2026-11-09', 0],
    ]);
  });

  it('buckets by local weeks east of UTC', async () => {
    // Prepare: 2026-11-01T15:30Z is Monday 2026-11-02 00:30 in Tokyo.
    const { reviews, deps } = setUp();
    await reviews.createOnce(review({ createdAt: '2026-11-01T15:30:00Z' }));

    // Act
    const stats = await computeStats(deps, { now: NOW, timeZone: 'Asia/Tokyo', weeks: 2 });

    // Assess
    expect(stats.weekly.map((week) => week.reviews)).toEqual([0, 1]);
  });

  it('dates invitations by sentAt, or createdAt when unconfirmed', async () => {
    // Prepare: created on Sunday 2026-10-25 in New York, sent on Monday 2026-10-26.
    const { invitations, deps } = setUp();
    invitations.add(
      invitation({ createdAt: '2026-10-26T03:59:00Z', sentAt: '2026-10-26T04:01:00Z' }),
      invitation({ status: 'unconfirmed', createdAt: '2026-10-26T03:59:00Z', sentAt: undefined }),
    );

    // Act
    const stats = await computeStats(deps, { now: NOW, timeZone: NEW_YORK, weeks: 3 });

    // Assess
    expect(stats.weekly.map((week) => week.invitationsSent)).toEqual([1, 1, 0]);
  });

  it('keeps older data in the totals only', async () => {
    // Prepare
    const { reviews, invitations, deps } = setUp();
    await reviews.createOnce(review({ createdAt: '2025-01-01T12:00:00Z' }));
    invitations.add(invitation({ sentAt: '2025-01-01T12:00:00Z' }));

    // Act
    const stats = await computeStats(deps, { now: NOW, timeZone: NEW_YORK, weeks: 4 });

    // Assess
    expect(stats.reviews.total).toBe(1);
    expect(stats.invitations.sent).toBe(1);
    expect(stats.weekly.every((week) => week.reviews === 0 && week.invitationsSent === 0)).toBe(true);
  });
});

describe('formatPercent', () => {
  it.each([
    [null, '–'],
    [0, '0%'],
    [0.427, '43%'],
    [1, '100%'],
  ])('formats %s as %s', (fraction, expected) => {
    // Assess
    expect(formatPercent(fraction)).toBe(expected);
  });
});

describe('formatRating', () => {
  it.each([
    [null, '–'],
    [4.26, '4.3'],
    [5, '5.0'],
  ])('formats %s as %s', (average, expected) => {
    // Assess
    expect(formatRating(average)).toBe(expected);
  });
});
